// `npm test` and `npm run bench` run this first (pretest, prebench): are the Debian packages in
// scripts/system-packages.txt installed? None missing: it does nothing and says nothing. As root (CI,
// a fresh machine): apt-get update once, install the missing ones, one line saying so. Otherwise it stops
// at once with the sudo command, instead of letting suites fail one by one on a missing chromium or sshd.
// Usage: node scripts/ensureSystemPackages.js [LIST_FILE]   (the argument is for tests)
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APT_ENV,
  aptFailedMessage,
  cannotCheckLine,
  dpkgQueryArgs,
  missingPackages,
  parsePackageList,
  planPackageStep,
  stillMissingMessage,
} from './systemPackages.js';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const listPath = resolve(process.argv[2] ?? join(appRoot, 'scripts', 'system-packages.txt'));
const fromHere = relative(process.cwd(), listPath);
const shownPath = fromHere.startsWith('..') || isAbsolute(fromHere) ? listPath : fromHere;

function die(message) {
  console.error(message);
  process.exit(1);
}

/** The listed packages dpkg does not show as installed, or { cannotCheck: why }. */
function queryMissing(packages) {
  const r = spawnSync('dpkg-query', dpkgQueryArgs(packages), { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error) return { cannotCheck: r.error.code === 'ENOENT' ? 'no dpkg-query here (not Debian?)' : `dpkg-query could not be run (${r.error.message})` };
  // Exit 1 only means some package is unknown to dpkg: the others were still answered.
  if (r.status !== 0 && r.status !== 1) {
    const why = r.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit ${r.status ?? r.signal}`;
    return { cannotCheck: `dpkg-query failed (${why.trim()})` };
  }
  return { missing: missingPackages(packages, r.stdout) };
}

/** Runs one apt-get step with its output (stdout and stderr interleaved, as apt wrote them) kept to show on failure. */
function runKeepingOutput(cmd, args) {
  const dir = mkdtempSync(join(tmpdir(), 'spoolscope-apt-'));
  try {
    const logPath = join(dir, 'output');
    const fd = openSync(logPath, 'w');
    let r;
    try {
      r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...APT_ENV } });
    } finally {
      closeSync(fd);
    }
    const output = readFileSync(logPath, 'utf8') + (r.error ? `\n${r.error.message}` : '');
    return { ok: !r.error && r.status === 0, status: r.error ? null : r.status, signal: r.signal, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let packages;
try {
  packages = parsePackageList(readFileSync(listPath, 'utf8'));
} catch (err) {
  die(`spoolscope: cannot use the system package list ${shownPath}: ${err instanceof Error ? err.message : err}`);
}

const before = queryMissing(packages);
if (before.cannotCheck) {
  console.log(cannotCheckLine(shownPath, before.cannotCheck));
  process.exit(0);
}

const plan = planPackageStep({ missing: before.missing, isRoot: process.getuid?.() === 0, listPath: shownPath });
if (plan.action === 'stop') die(plan.message);
if (plan.action === 'install') {
  console.log(plan.announce);
  for (const { cmd, args } of plan.steps) {
    const r = runKeepingOutput(cmd, args);
    if (!r.ok) die(aptFailedMessage({ cmd, args, status: r.status, signal: r.signal, output: r.output }));
  }
  const after = queryMissing(packages);
  if (after.missing?.length) die(stillMissingMessage(after.missing, plan.steps.at(-1).args));
}
