// ncdu's export format both ways. `spoolscope scan --from-ncdu FILE [--label NAME] [--json]`: an export made
// with `ncdu -o` on a node Spoolscope cannot reach, read as a scan (the same JSON as `scan`), kept under
// `import:<label>` for diffs. `spoolscope export-ncdu ROOT > FILE`: the root's exact listing, which
// `ncdu -f FILE` opens.
import { posix, resolve } from 'node:path';
import { call, CliError, parseCliArgs, withBackend } from '../cliSupport';
import { backendOptionsFor, namesRemoteNode, NODE_FLAG_OPTIONS, resolveNode } from '../nodeFlags';
import { writeSummary } from './scanCommand';

export const NCDU_USAGE = `  spoolscope scan --from-ncdu FILE [--label NAME] [--json]
                                  read an ncdu export (ncdu -o FILE, gzip'd or not) as a scan, kept under
                                  import:NAME (default import:<file name>) for spoolscope diff --node import:NAME
  spoolscope export-ncdu ROOT [node flags] > FILE
                                  the root's exact listing in ncdu's format (ncdu -f FILE opens it)`;

const usage = `\nusage:\n${NCDU_USAGE}`;

/** True when `scan` was given --from-ncdu: the import, not a live scan. */
export function isNcduImport(argv: readonly string[]): boolean {
  return argv[0] === 'scan' && argv.some((a) => a === '--from-ncdu' || a.startsWith('--from-ncdu='));
}

export async function importNcduCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCliArgs(
    { args: argv, options: { 'from-ncdu': { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true },
    usage,
  );
  if (positionals.length > 0) throw new CliError(`scan --from-ncdu takes the export file, not a ROOT (got ${JSON.stringify(positionals[0])})${usage}`);
  const file = v['from-ncdu'];
  if (!file) throw new CliError(`--from-ncdu needs a FILE${usage}`);
  const summary = await withBackend(async (b) => {
    const imported = await call(b, 'scan.importNcdu', { file: resolve(file), label: v.label });
    return call(b, 'scan.summary', { jobId: imported.jobId });
  });
  await writeSummary(summary, v.json);
  return summary.partial ? 3 : 0;
}

/** One chunk to stdout, resolved once written: the probe waits for a slow reader. A reader gone is an error. */
function writeChunk(chunk: Buffer): Promise<void> {
  return new Promise((done, fail) => process.stdout.write(chunk, (err) => (err ? fail(new CliError(`stdout: ${err.message}`)) : done())));
}

export async function exportNcduCommand(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseCliArgs({ args: argv, options: { ...NODE_FLAG_OPTIONS }, allowPositionals: true }, usage);
  const [rootArg, extra] = positionals;
  if (!rootArg) throw new CliError(`export-ncdu needs a ROOT directory${usage}`);
  if (extra !== undefined) throw new CliError(`export-ncdu takes one ROOT, got also ${JSON.stringify(extra)}`);
  // Raw name bytes to a terminal could drive it; the export is for a file.
  if (process.stdout.isTTY) throw new CliError('export-ncdu writes the export to stdout: redirect it to a file (spoolscope export-ncdu ROOT > FILE)');
  const remote = namesRemoteNode(v);
  if (remote && !rootArg.startsWith('/')) throw new CliError(`export-ncdu on another node needs an absolute ROOT, got ${JSON.stringify(rootArg)}`);
  const root = remote ? posix.normalize(rootArg) : resolve(rootArg);
  const result = await withBackend(async (b) => {
    const node = await resolveNode(b, v);
    const { version } = await call(b, 'app.info', {});
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      return await b.exportNcdu(node, root, version, writeChunk, abort.signal);
    } catch (err) {
      throw err instanceof CliError ? err : new CliError((err as Error).message);
    } finally {
      process.off('SIGINT', onSignal);
    }
  }, backendOptionsFor(v));
  for (const w of result.warnings) process.stderr.write(`spoolscope: warning: ${w}\n`);
  return result.partial ? 3 : 0;
}
