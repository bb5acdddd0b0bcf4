// The built CLI's `stores` and `plan` as the data-store tests read them: JSON parsed and typed, a failing exit
// thrown with its stderr. `wrap` runs the CLI through another command (a mount namespace), `sshFlags` on a
// node reached over SSH.
import { spawnSync } from 'node:child_process';
import type { DataStore, StoresReport } from '../../../src/shared/dataStoreModels';
import type { ReapPlan } from '../../../src/shared/reapModels';
import { cliPath, runCli } from '../cli';

export interface CliRun {
  env: Record<string, string>;
  /** Prefix argv (e.g. unshare ... --), run before node. */
  wrap?: string[];
  /** --ssh ... flags. */
  sshFlags?: string[];
}

function run(args: string[], opts: CliRun): { status: number | null; stdout: string; stderr: string } {
  const all = [...args, ...(opts.sshFlags ?? []), '--json'];
  if (!opts.wrap) return runCli(all, opts.env);
  const argv = [...opts.wrap, process.execPath, cliPath, ...all];
  return spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: 120_000 });
}

export function storesJson(root: string, opts: CliRun): StoresReport {
  const r = run(['stores', root], opts);
  if (r.status !== 0 && r.status !== 3) throw new Error(`spoolscope stores ${root} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as StoresReport;
}

/** `plan ROOT --add-root` with the given policy flags; exit 0 or 4 (nothing to remove). */
export function planJson(root: string, flags: string[], opts: CliRun): ReapPlan {
  const r = run(['plan', root, '--add-root', ...flags], opts);
  if (r.status !== 0 && r.status !== 4) throw new Error(`spoolscope plan ${root} exited ${r.status}: ${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as ReapPlan;
}

/** The one store of `kind` at `path` in the report (throws naming what was found instead). */
export function storeAt(report: StoresReport, kind: DataStore['kind'], path: string): DataStore {
  const s = report.stores.find((x) => x.kind === kind && x.path === path);
  if (!s) throw new Error(`no ${kind} store at ${path}; found: ${report.stores.map((x) => `${x.kind} ${x.path}`).join(', ') || 'none'}; warnings: ${report.warnings.join('; ')}`);
  return s;
}
