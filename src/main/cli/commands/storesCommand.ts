// `spoolscope stores [ROOT] [--json] [node flags]`: the data stores found under ROOT, or under the configured
// roots and each kind's well-known home, with the store's own safe way to free space; exit 3 when partial.
import { posix, resolve } from 'node:path';
import type { Backend } from '../../backend';
import { call, CliError, printable, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { LOCAL_NODE } from '../../../shared/nodeNames';
import type { DataStore, StoresReport } from '../../../shared/dataStoreModels';

export const STORES_USAGE = `  spoolscope stores [ROOT] [--json]
                                  databases, brokers, journals and container logs found under ROOT (or
                                  the configured roots and each store's usual home): what manages them and
                                  its own safe way to free space (exit 3: partial; 5: its tool actions
                                  could not be saved, so spoolscope act cannot run them)`;

const RULE_TEXT: Record<DataStore['reapRule'], string> = {
  never: 'never reaped',
  'stopped-units': 'reaped only stopped, whole units',
  'rotated-only': 'rotated files only',
  free: 'ordinary files',
};

/** `runnable`: the ids can be used by `spoolscope act` (they were kept in the state store). */
function storeText(s: DataStore, runnable: boolean): string[] {
  const lines = [`${s.kind}  ${printable(s.path)}  ${formatBytes(s.bytes)} in ${s.files} file${s.files === 1 ? '' : 's'}  (${RULE_TEXT[s.reapRule]})`];
  for (const e of s.evidence) lines.push(`  evidence: ${printable(e.what)}${e.path ? `  ${printable(e.path)}` : ''}`);
  for (const f of s.findings) lines.push(`  finding:  ${printable(f.text)}`);
  for (const a of s.actions) {
    lines.push(`  ${a.runnableBy === 'tool' ? 'tool' : 'run'}:      ${printable(a.command)}`);
    if (a.id !== null && runnable) lines.push(`            spoolscope act ${a.id} --dry-run|--yes${a.confirm ? ` --confirm ${printable(a.confirm)}` : ''}`);
    lines.push(`            ${printable(a.summary)} [risk: ${a.risk}${a.expectedFreeBytes !== null ? `, frees about ${formatBytes(a.expectedFreeBytes)}` : ''}${a.confirm ? `, confirm by typing ${printable(a.confirm)}` : ''}]`);
  }
  for (const h of s.configHints) lines.push(`  setting:  ${printable(h.file)}: ${printable(h.key)} = ${printable(h.suggested)}${h.current !== null ? ` (now ${printable(h.current)})` : ''}; takes effect ${printable(h.takesEffect)}`);
  return lines;
}

export function storesText(r: StoresReport): string {
  const lines = [`${r.node}: ${r.stores.length} data store${r.stores.length === 1 ? '' : 's'} under ${r.locations.map(printable).join(', ')}${r.partial ? ' (PARTIAL)' : ''}`];
  for (const s of r.stores) lines.push('', ...storeText(s, r.actionsNotSaved === undefined));
  if (r.stores.length === 0) lines.push('(no data stores recognised)');
  for (const w of r.warnings) lines.push(`warning: ${printable(w)}`);
  return lines.join('\n') + '\n';
}

export async function storesCommand(backend: Backend, rootArg: string | undefined, json: boolean, node = LOCAL_NODE): Promise<number> {
  if (rootArg !== undefined && node !== LOCAL_NODE && !rootArg.startsWith('/')) throw new CliError(`stores on ${node} needs an absolute ROOT on that node, got ${JSON.stringify(rootArg)}`);
  const root = rootArg === undefined ? undefined : node === LOCAL_NODE ? resolve(rootArg) : posix.normalize(rootArg);
  const r = await call(backend, 'stores.list', { node, root });
  await writeAll(json ? JSON.stringify(r) + '\n' : storesText(r));
  const unsaved = unsavedToolActions(r);
  if (unsaved !== null) process.stderr.write(`spoolscope: ${unsaved}\n`);
  return storesExitCode(r);
}

function hasToolActions(r: StoresReport): boolean {
  return r.stores.some((s) => s.actions.some((a) => a.id !== null));
}

/** The line saying the listed tool actions cannot be run from another command, or null when they can. */
export function unsavedToolActions(r: StoresReport): string | null {
  if (r.actionsNotSaved === undefined || !hasToolActions(r)) return null;
  return `the tool actions listed cannot be run by spoolscope act: they could not be saved in the state store (${printable(r.actionsNotSaved)}); nothing was done`;
}

/** 5 as for a plan that cannot be saved: the next step the listing offers cannot be taken; else 3 when partial. */
export function storesExitCode(r: StoresReport): number {
  if (unsavedToolActions(r) !== null) return 5;
  return r.partial ? 3 : 0;
}
