// `spoolscope export --textfile DIR [ROOT...] [node flags] [--json]`: Spoolscope's own figures for node_exporter's
// textfile collector (services/export/textfileExport.ts). Exit 0; 3 when some figure is missing or partial; 1 on error.
import { statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { CliError, parseCliArgs, printable, withBackend, writeAll } from '../cliSupport';
import { backendOptionsFor, namesRemoteNode, NODE_FLAG_OPTIONS, resolveNode, warnIfPartial } from '../nodeFlags';

export const EXPORT_USAGE = `  spoolscope export --textfile DIR [ROOT...] [node flags] [--json]
                                  write DIR/spoolscope.prom for node_exporter's textfile collector:
                                  bytes, partitions and oldest partition age per root (default: the
                                  configured roots), held bytes per mount, top sources' baseline ratio;
                                  replaced whole by a rename; exit 3 when some figure is partial`;

export async function exportCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(
    { args: argv, options: { textfile: { type: 'string' }, json: { type: 'boolean', default: false }, ...NODE_FLAG_OPTIONS }, allowPositionals: true },
    `\nusage:\n${EXPORT_USAGE}`,
  );
  const v = parsed.values;
  if (!v.textfile) throw new CliError(`export needs --textfile DIR (node_exporter's --collector.textfile.directory)\nusage:\n${EXPORT_USAGE}`);
  const dir = resolve(v.textfile);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // said below
  }
  if (!isDir) throw new CliError(`--textfile ${printable(dir)} is not a directory`);
  const remote = namesRemoteNode(v);
  const roots = parsed.positionals.map((p) => {
    // A relative path means this shell's directory, which exists only here: a remote root must be absolute.
    if (remote && !p.startsWith('/')) throw new CliError(`on a remote node a ROOT must be absolute, got ${JSON.stringify(p)}`);
    return remote ? posix.normalize(p) : resolve(p);
  });

  const report = await withBackend(async (b) => {
    const node = await resolveNode(b, v);
    let r;
    try {
      r = await b.exportTextfile({ node, roots, dir });
    } catch (err) {
      // Its own failures (no roots, the file not written) are the operator's to act on; a root it could not
      // read is a warning inside the report instead.
      throw new CliError(printable((err as Error).message));
    }
    await warnIfPartial(b, node);
    return r;
  }, backendOptionsFor(v));

  for (const w of report.warnings) process.stderr.write(`spoolscope: warning: ${printable(w)}\n`);
  if (v.json) await writeAll(JSON.stringify(report) + '\n');
  else {
    const mounts = report.held?.length ?? 0;
    await writeAll(`${printable(report.file)}: ${report.roots.length} root${report.roots.length === 1 ? '' : 's'}, ${mounts} mount${mounts === 1 ? '' : 's'}${report.partial ? ' (PARTIAL)' : ''}\n`);
  }
  return report.partial ? 3 : 0;
}
