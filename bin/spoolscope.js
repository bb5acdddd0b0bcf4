#!/usr/bin/env node
// `npx spoolscope ...`: runs the built CLI (built by `npm install`'s prepare step or `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('spoolscope: the app is not built yet; run "npm run build" (npm install does it) and try again.\n');
  process.exit(1);
}
await import(cli);
