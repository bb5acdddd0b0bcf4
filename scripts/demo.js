#!/usr/bin/env node
// npm run demo: build the test lab in a fresh temp dir and open the UI (serve mode) on it.
// The lab goes to <tmp>/lab and the app's state to <tmp>/.spoolscope-data, so the scanned root holds
// only the lab and the user's own state is never touched. The temp dir is removed on exit unless
// --keep is given. Other arguments are passed to scripts/serve.js (for example --port).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const serveArgs = args.filter((a) => a !== '--keep');

const tsx = path.join(repo, 'node_modules', '.bin', 'tsx');
const serveScript = path.join(repo, 'scripts', 'serve.js');
for (const [file, hint] of [
  [tsx, 'run `npm install` first'],
  [serveScript, 'scripts/serve.js is not there yet'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`spoolscope demo: ${path.relative(repo, file)} is missing: ${hint}.`);
    process.exit(1);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spoolscope-demo-'));
const labDir = path.join(tmp, 'lab');
const dataDir = path.join(tmp, '.spoolscope-data');
fs.mkdirSync(dataDir);

function cleanup() {
  if (keep) {
    console.log(`spoolscope demo: lab kept in ${tmp}`);
    return;
  }
  try {
    fs.rmSync(tmp, { recursive: true, force: true });
  } catch (err) {
    console.error(`spoolscope demo: could not remove ${tmp}: ${err.message}`);
  }
}

console.log(`spoolscope demo: building the lab in ${labDir} ...`);
const built = spawnSync(tsx, [path.join(repo, 'test', 'lab', 'buildLabCli.ts'), labDir, '--text-store'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 });
if (built.status !== 0) {
  console.error(`spoolscope demo: building the lab failed (${built.error ? built.error.message : `exit ${built.status ?? built.signal}`}).`);
  cleanup();
  process.exit(1);
}
let info;
try {
  info = JSON.parse(built.stdout);
} catch {
  console.error('spoolscope demo: the lab builder printed no JSON.');
  cleanup();
  process.exit(1);
}
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const e = info.expected;
console.log(
  `spoolscope demo: lab ready in ${e.buildMs} ms: ${info.files} files, ${mb(e.totals.allocatedBytes)} allocated; ` +
    `${info.spikeDayPath} is ${mb(e.dayAllocatedBytes[e.spikeDay])} against ${mb(e.dayAllocatedBytes[e.baselineDayNumbers[0]])} a baseline day (${e.spikeSource}: "${e.spikeMessage}").`,
);

const child = spawn(process.execPath, [serveScript, '--root', labDir, ...serveArgs], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, SPOOLSCOPE_DATA_DIR: dataDir },
});

// Forward stop signals; the demo exits when serve does.
const forward = (sig) => () => {
  if (child.exitCode === null && child.signalCode === null) child.kill(sig);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, forward(sig));

child.on('error', (err) => {
  console.error(`spoolscope demo: could not start serve: ${err.message}`);
  cleanup();
  process.exit(1);
});
child.on('exit', (code, signal) => {
  cleanup();
  if (signal) process.exit(128 + (os.constants.signals[signal] ?? 0));
  process.exit(code ?? 0);
});
