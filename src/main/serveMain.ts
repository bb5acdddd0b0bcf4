// `npm run serve`: the same backend and UI for a browser, on 127.0.0.1 with a random token.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createBackend } from './backend';
import { startBridge } from './bridge/wsBridge';
import { resolveDataDir } from './store/dataDir';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      root: { type: 'string', multiple: true },
      port: { type: 'string' },
    },
    allowPositionals: false,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const backend = createBackend({ dataDir: resolveDataDir({ env: process.env }), frontDoor: 'websocket' });
  for (const r of values.root ?? []) backend.store.addRoot('local', resolve(r));
  const bridge = await startBridge({
    dispatcher: backend.dispatcher,
    events: backend.events,
    rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    port,
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
  console.error(`spoolscope serve: ${err.message}`);
  process.exit(1);
});
