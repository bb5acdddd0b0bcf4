// `npm run serve`: the same backend and UI for a browser, on 127.0.0.1 with a random token.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createBackend } from './backend';
import { startBridge } from './bridge/wsBridge';
import { resolveDataDir } from './store/dataDir';
import { LOCAL_NODE } from '../shared/nodeNames';

const USAGE = `usage: npm run serve [-- [--root DIR]... [--port N] [--no-build]]
       node out/main/serve.js [--root DIR]... [--port N]

Serves Spoolscope's backend and UI for a browser on this machine: it listens on 127.0.0.1 only and prints
a URL with a random token; requests and sockets without that token are refused. Ctrl+C stops it.

  --root DIR    add DIR as a root of this machine (kept in the state store); may be repeated
  --port N      listen on port N, 0..65535 (default 0: any free port)
  --no-build    npm run serve only: start the last build in out/ instead of building first
  -h, --help    print this and exit

State lives in $XDG_DATA_HOME/spoolscope; SPOOLSCOPE_DATA_DIR overrides it.`;

const HELP_HINT = ' (npm run serve -- --help lists the options)';

/** A refused command line: one line on stderr with the hint to --help, exit 2. */
class UsageError extends Error {}

type ServeArgs = { help: true } | { help: false; roots: string[]; port: number };

/** Control characters in an argument would drive the terminal or break the one line: show them escaped. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function parseServeArgs(argv: string[]): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        root: { type: 'string', multiple: true },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    // `--help` still wins over a mistake next to it.
    if (argv.includes('--help') || argv.includes('-h')) return { help: true };
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { help: true };
  const portText = values.port ?? '0';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be 0..65535, got ${JSON.stringify(portText)}`);
  return { help: false, roots: values.root ?? [], port };
}

async function main(): Promise<void> {
  const args = parseServeArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { roots, port } = args;
  const backend = createBackend({ dataDir: resolveDataDir({ env: process.env }), frontDoor: 'websocket' });
  // Through the contract, as the window adds a root: its physical identity is recorded with it (a reap later
  // refuses the root if it changed since), and a bad path is refused with the same message.
  for (const r of roots) {
    const added = await backend.dispatcher.call('roots.add', { node: LOCAL_NODE, path: resolve(r) }, { frontDoor: 'websocket' });
    if (!added.ok) throw new Error(`--root ${r}: ${added.message}`);
  }
  const info = await backend.dispatcher.call('app.info', {}, { frontDoor: 'websocket' });
  const version = info.ok ? (info.result as { version: string }).version : 'unknown';
  const bridge = await startBridge({
    dispatcher: backend.dispatcher,
    events: backend.events,
    rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    port,
    streams: {
      importNcdu: (body, fileName, label) => backend.importNcdu(body, fileName, label),
      exportNcdu: (node, root, write, signal) => backend.exportNcdu(node, root, version, write, signal),
    },
  });
  console.log(`Spoolscope serving at ${bridge.url}`);
  console.log('Open it in a browser on this machine; Ctrl+C stops.');
  const stop = async () => {
    await bridge.close();
    await backend.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  if (err instanceof UsageError) {
    console.error(`spoolscope serve: ${printable(err.message)}${HELP_HINT}`);
    process.exitCode = 2;
    return;
  }
  console.error(`spoolscope serve: ${err.message}`);
  process.exit(1);
});
