#!/usr/bin/env -S node --max-semi-space-size=4
// `npx spoolscope ...`: runs the built CLI (built by `npm install`'s prepare step or `npm run build`).
// A scan makes a short-lived record per file while its tree keeps tens of thousands of objects for seconds:
// V8 answers that survival rate by growing its young generation to the maximum (16 MB semi-spaces, some
// 48 MB resident). 4 MB ones keep a million-file scan's peak RSS some 15 MB lower at the same speed
// (npm run bench). The benches start node with the flags read from the line above.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('spoolscope: the app is not built yet; run "npm run build" (npm install does it) and try again.\n');
  process.exit(1);
}
await import(cli);
