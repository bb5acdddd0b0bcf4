// The CLI front door. Every command goes through the same dispatcher and contract as the UI.
import { parseArgs } from 'node:util';
import { CliError, withBackend, writeAll } from './cliSupport';
import type { Backend } from '../backend';
import { dfCommand } from './commands/dfCommand';
import { heldCommand } from './commands/heldCommand';
import { reclaimHeldCommand } from './commands/reclaimHeldCommand';
import { reapPlanCommand } from './commands/reapPlanCommand';
import { reapCommand } from './commands/reapCommand';
import { scanCommand } from './commands/scanCommand';
import { SOURCES_USAGE, sourcesCommand } from './commands/sourcesCommand';
import { watchCommand } from './commands/watchCommand';
import { nodesCommand, NODES_USAGE } from './commands/nodesCommand';
import { fleetCommand, FLEET_USAGE } from './commands/fleetCommand';
import { storesCommand, STORES_USAGE } from './commands/storesCommand';
import { actCommand, ACT_USAGE } from './commands/actCommand';
import { diffCommand, DIFF_USAGE } from './commands/diffCommand';
import { exportNcduCommand, importNcduCommand, isNcduImport, NCDU_USAGE } from './commands/ncduCommands';
import { exportCommand, EXPORT_USAGE } from './commands/exportCommand';
import { connectEarlyFor } from '../nodes/earlyConnection';
import { backendOptionsFor, NODE_FLAG_OPTIONS, NODE_FLAGS_USAGE, nodeFlagsOf, resolveNode, warnIfPartial } from './nodeFlags';

const USAGE = `usage:
  spoolscope scan ROOT [--json]   sizes and partitions of a log or spool root
  spoolscope df [--json]          mounted filesystems and how full they are
  spoolscope held [--json]        disk held by deleted files that processes still keep open
  spoolscope reclaim-held --pid P [--fd N]... --dry-run|--yes [--json]
                                  truncate deleted files P still holds open: the plan, or plan and act
                                  (exit 4: nothing could be reclaimed)
${DIFF_USAGE}
${NCDU_USAGE}
${EXPORT_USAGE}
${SOURCES_USAGE}
  spoolscope watch ROOT [--for SECONDS] [--interval MS] [--json]
                                  live growth: bytes/s per filesystem and partition, time to full;
                                  one sample per line (NDJSON with --json) until --for ends or Ctrl+C
  spoolscope plan ROOT [--max-bytes N] [--max-age-days D] [--keep-newest K] [--partition P]... [--save]
                 [--add-root|--re-add-root] [--node NAME] [--json]
                                  which partitions a reap would remove (oldest first) and which it keeps
                                  and why; flags not given come from the root's saved policy (--save
                                  stores them). P: a partition's or age bucket's path as scan --json
                                  prints it (for a bucket ROOT is scanned first). Nothing is removed.
                                  Exit 4: nothing to reap; 5: the plan could not be saved, so
                                  spoolscope reap cannot run it
  spoolscope reap PLANID --yes [--confirm TEXT] [--json]
                                  remove what the plan listed, each file re-checked just before unlink;
                                  freed bytes measured by statvfs (exit 4: nothing removed); --confirm
                                  types back the path of a stopped data store whose units the plan takes
${STORES_USAGE}
${ACT_USAGE}
${NODES_USAGE}
${FLEET_USAGE}
${NODE_FLAGS_USAGE}`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'reclaim-held') return reclaimHeldCommand(argv.slice(1));
  if (argv[0] === 'sources') return sourcesCommand(argv.slice(1));
  if (argv[0] === 'diff') return diffCommand(argv.slice(1));
  if (argv[0] === 'export-ncdu') return exportNcduCommand(argv.slice(1));
  if (argv[0] === 'export') return exportCommand(argv.slice(1));
  if (isNcduImport(argv)) return importNcduCommand(argv.slice(1));
  if (argv[0] === 'watch') return watchCommand(argv.slice(1));
  if (argv[0] === 'plan') return reapPlanCommand(argv.slice(1));
  if (argv[0] === 'reap') return reapCommand(argv.slice(1));
  if (argv[0] === 'act') return actCommand(argv.slice(1));
  if (argv[0] === 'nodes') return nodesCommand(argv.slice(1));
  if (argv[0] === 'fleet') return fleetCommand(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' }, ...NODE_FLAG_OPTIONS }, allowPositionals: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  const [command, ...rest] = parsed.positionals;
  const json = parsed.values.json;
  if (parsed.values.help || !command) {
    await writeAll(USAGE + '\n');
    return command || parsed.values.help ? 0 : 2;
  }
  const flags = parsed.values;
  const onNode = (run: (b: Backend, node: string) => Promise<number>) =>
    withBackend(async (b) => {
      const node = await resolveNode(b, flags);
      const code = await run(b, node);
      await warnIfPartial(b, node);
      return code;
    }, backendOptionsFor(flags));
  switch (command) {
    case 'scan':
      return onNode((b, node) => scanCommand(b, rest[0], json, node));
    case 'df':
      return onNode((b, node) => dfCommand(b, json, node));
    case 'held':
      return onNode((b, node) => heldCommand(b, json, node));
    case 'stores':
      return onNode((b, node) => storesCommand(b, rest[0], json, node));
    default:
      throw new CliError(`unknown command "${command}"\n${USAGE}`);
  }
}

// A reader that went away (`| head`) is not a failure of ours: writeAll resolves, the command ends with its own
// exit code, and no stack trace follows. Without a listener the stream's 'error' event kills the process.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') process.stderr.write(`spoolscope: stdout: ${err.message}\n`);
});
// Before anything else loads: the --ssh node's server answers while the backend and ssh2 load.
connectEarlyFor(nodeFlagsOf(process.argv.slice(2)), process.env);
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    // One line the operator can act on; a stack trace only for our own bugs.
    const msg = err instanceof CliError ? err.message : `internal error: ${err.stack ?? err.message}`;
    process.stderr.write(`spoolscope: ${msg}\n`);
    process.exit(err instanceof CliError ? 1 : 70);
  },
);
