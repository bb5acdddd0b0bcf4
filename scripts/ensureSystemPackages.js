// `npm test` and `npm run bench` run this first (pretest, prebench): are the Debian packages in
// scripts/system-packages.txt installed? None missing: it does nothing and says nothing. As root (CI,
// a fresh machine): apt-get update once, install the missing ones, one line saying so. Otherwise it stops
// at once with the sudo command, instead of letting suites fail one by one on a missing chromium or sshd.
// The packages in scripts/system-packages-unpacked.txt (their install scripts would start a service) are
// fetched with apt-get download and unpacked with dpkg-deb -x into .cache/system-packages/<name>/ instead,
// once; the tests run their binaries from there.
// Usage: node scripts/ensureSystemPackages.js [LIST_FILE [UNPACK_LIST_FILE CACHE_DIR]]   (the arguments are for
// tests; a LIST_FILE alone checks no unpacked packages)
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APT_ENV,
  UNPACKED_CACHE_DIR,
  UNPACKED_MARKER,
  aptFailedMessage,
  debPackageName,
  dpkgDebExtractArgs,
  missingUnpacked,
  notDownloadedMessage,
  planUnpackStep,
  cannotCheckLine,
  dpkgQueryArgs,
  missingPackages,
  parsePackageList,
  planPackageStep,
  stillMissingMessage,
} from './systemPackages.js';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const listPath = resolve(process.argv[2] ?? join(appRoot, 'scripts', 'system-packages.txt'));
const unpackListArg = process.argv[2] === undefined ? join(appRoot, 'scripts', 'system-packages-unpacked.txt') : process.argv[3];
const unpackListPath = unpackListArg === undefined ? null : resolve(unpackListArg);
const cacheDir = resolve(process.argv[4] ?? join(appRoot, UNPACKED_CACHE_DIR));

function shown(path) {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}
const shownPath = shown(listPath);

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
function runKeepingOutput(cmd, args, cwd = undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'spoolscope-apt-'));
  try {
    const logPath = join(dir, 'output');
    const fd = openSync(logPath, 'w');
    let r;
    try {
      r = spawnSync(cmd, args, { cwd, stdio: ['ignore', fd, fd], env: { ...process.env, ...APT_ENV } });
    } finally {
      closeSync(fd);
    }
    const output = readFileSync(logPath, 'utf8') + (r.error ? `\n${r.error.message}` : '');
    return { ok: !r.error && r.status === 0, status: r.error ? null : r.status, signal: r.signal, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readList(path) {
  try {
    return parsePackageList(readFileSync(path, 'utf8'));
  } catch (err) {
    die(`spoolscope: cannot use the system package list ${shown(path)}: ${err instanceof Error ? err.message : err}`);
  }
}

/** Whether `name` was fully unpacked into the cache (the marker is written last). */
function isUnpacked(name) {
  return existsSync(join(cacheDir, name, UNPACKED_MARKER));
}

/**
 * Downloads the .debs into a fresh directory of the cache and unpacks each into <cache>/<name>.tmp-PID, renamed
 * to <cache>/<name> once its marker is written, so a run that dies half way leaves nothing that looks unpacked.
 */
function downloadAndUnpack(step, wanted) {
  mkdirSync(cacheDir, { recursive: true });
  const downloads = mkdtempSync(join(cacheDir, '.download-'));
  try {
    const r = runKeepingOutput(step.cmd, step.args, downloads);
    if (!r.ok) die(aptFailedMessage({ cmd: step.cmd, args: step.args, status: r.status, signal: r.signal, output: r.output }));
    const debs = new Map();
    for (const f of readdirSync(downloads)) {
      const name = debPackageName(f);
      if (name !== null && wanted.includes(name)) debs.set(name, f);
    }
    const notDownloaded = wanted.filter((p) => !debs.has(p));
    if (notDownloaded.length > 0) die(notDownloadedMessage(notDownloaded, step.args));
    for (const [name, deb] of debs) {
      const tmp = join(cacheDir, `${name}.tmp-${process.pid}`);
      rmSync(tmp, { recursive: true, force: true });
      const args = dpkgDebExtractArgs(join(downloads, deb), tmp);
      const x = runKeepingOutput('dpkg-deb', args);
      if (!x.ok) die(aptFailedMessage({ cmd: 'dpkg-deb', args, status: x.status, signal: x.signal, output: x.output }));
      writeFileSync(join(tmp, UNPACKED_MARKER), `${deb}\n`);
      rmSync(join(cacheDir, name), { recursive: true, force: true });
      renameSync(tmp, join(cacheDir, name));
    }
  } finally {
    rmSync(downloads, { recursive: true, force: true });
  }
}

const packages = readList(listPath);
const unpackPackages = unpackListPath === null ? [] : readList(unpackListPath);

const before = queryMissing(packages);
if (before.cannotCheck) {
  console.log(cannotCheckLine(shownPath, before.cannotCheck));
  process.exit(0);
}

const isRoot = process.getuid?.() === 0;
const plan = planPackageStep({ missing: before.missing, isRoot, listPath: shownPath });
const missingUnpack = missingUnpacked(unpackPackages, isUnpacked);
const unpackPlan = planUnpackStep({ missing: missingUnpack, isRoot, listPath: unpackListPath === null ? '' : shown(unpackListPath), aptUpdated: plan.action === 'install' });
const stops = [plan, unpackPlan].filter((p) => p.action === 'stop');
if (stops.length > 0) die(stops.map((p) => p.message).join('\n'));
if (plan.action === 'install') {
  console.log(plan.announce);
  for (const { cmd, args } of plan.steps) {
    const r = runKeepingOutput(cmd, args);
    if (!r.ok) die(aptFailedMessage({ cmd, args, status: r.status, signal: r.signal, output: r.output }));
  }
  const after = queryMissing(packages);
  if (after.missing?.length) die(stillMissingMessage(after.missing, plan.steps.at(-1).args));
}
if (unpackPlan.action === 'unpack') {
  console.log(unpackPlan.announce);
  for (const step of unpackPlan.steps.slice(0, -1)) {
    const r = runKeepingOutput(step.cmd, step.args);
    if (!r.ok) die(aptFailedMessage({ cmd: step.cmd, args: step.args, status: r.status, signal: r.signal, output: r.output }));
  }
  downloadAndUnpack(unpackPlan.steps.at(-1), missingUnpack);
}
