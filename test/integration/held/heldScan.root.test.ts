// The held scan against real processes on a real, full tmpfs: what df calls used, split into what the
// scanned root shows, what deleted-open files hold (by blocks, each inode once), and the rest.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldFile, HeldHolder, HeldReport } from '../../../src/shared/heldModels';
import { HeldScanner } from '../../../src/main/services/held/heldScanner';
import { ScanJobs } from '../../../src/main/services/scan/scanJobs';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { HeldProcReader } from '../../../src/main/localProc/heldProcReader';
import { startTimeFromStat } from '../../../src/main/core/held/heldRecords';
import { startHolder, type Holder } from '../../support/holders';
import { fillToFull, mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { cliPath } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

const MiB = 1024 * 1024;
const tmp = makeTempDir('held');
// A name cannot hold '/': if anything ran it, `touch` would leave the file in its working directory.
const PWNED = 'pwned-by-held-test';
const names = {
  append: 'app\nend.log',
  plain: `-plain $(touch ${PWNED})`,
  mmap: 'mapped.bin',
  dup: Buffer.from([0x64, 0x75, 0x70, 0x2d, 0xff, 0xfe]), // "dup-" + invalid UTF-8
  nobody: 'nobody.log',
};

let fs: Tmpfs;
let holders: Record<'append' | 'plain' | 'mmap' | 'dup', Holder>;
let nobody: Holder | null = null;
let heldByHelpers = 0;
let fillAllocated = 0;
let report: HeldReport;
const transport = new LocalTransport();
const scans = new ScanJobs({ transportFor: () => transport, onProgress: () => {} });
const reader = new HeldProcReader();
// The same scan two ways: the probe script, and this machine's in-process reader (what the window uses).
const scanners = {
  'probe script': new HeldScanner({ transportFor: () => transport, visibleBytesByDevice: (node) => scans.visibleBytesByDevice(node) }),
  'in-process reader': new HeldScanner({ transportFor: () => transport, visibleBytesByDevice: (node) => scans.visibleBytesByDevice(node), inProcessProbe: () => reader }),
};
type Way = keyof typeof scanners;
const ways = Object.keys(scanners) as Way[];
const reports = {} as Record<Way, HeldReport>;

/** runCli's 1 MB output cap is too small here: every deleted-open file on this machine is in the report. */
function runCli(args: string[], env: Record<string, string>, asUid?: number) {
  const cmd = asUid === undefined ? [process.execPath, cliPath, ...args] : ['setpriv', `--reuid=${asUid}`, `--regid=${asUid}`, '--clear-groups', process.execPath, cliPath, ...args];
  return spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 256 * MiB });
}

const holderOf = (h: Holder): HeldHolder => {
  const found = report.holders.find((x) => x.pid === h.pid);
  if (!found) throw new Error(`pid ${h.pid} is not in the report: ${JSON.stringify(report.errors)}`);
  return found;
};
const filesOf = (h: Holder): HeldFile[] => holderOf(h).files.filter((f) => h.fds.includes(f.fd));

// Needs root (mount, processes of another uid): without it every test here is skipped.
beforeAll(async () => {
  if (!isRoot) return;
  fs = mountTmpfs(32);
  const before = usedBytes(fs.dir);
  holders = {
    append: await startHolder({ dir: fs.dir, name: names.append, mode: 'append', bytes: 5 * MiB }),
    plain: await startHolder({ dir: fs.dir, name: names.plain, mode: 'plain', bytes: 3 * MiB }),
    mmap: await startHolder({ dir: fs.dir, name: names.mmap, mode: 'mmap', bytes: 2 * MiB }),
    dup: await startHolder({ dir: fs.dir, name: names.dup, mode: 'dup', bytes: 1 * MiB }),
  };
  nobody = await startHolder({ dir: fs.dir, name: names.nobody, mode: 'append', bytes: 1 * MiB, uid: 65534 });
  heldByHelpers = usedBytes(fs.dir) - before;
  fillToFull(fs.dir, 'visible-fill');
  fillAllocated = statSync(join(fs.dir, 'visible-fill')).blocks * 512;
  const job = scans.start('local', fs.dir);
  await scans.wait(job);
  for (const way of ways) reports[way] = await scanners[way].scan('local');
}, 120_000);

afterAll(async () => {
  await reader.close();
  await stopAllHolders();
  fs?.unmount();
  tmp.cleanup();
});

describe.each(ways)('held scan on a full tmpfs (root), %s', (way) => {
  beforeAll(() => {
    report = reports[way];
  });

  it.runIf(isRoot)('has filled the tmpfs to 100%', () => {
    expect(usedBytes(fs.dir)).toBe(32 * MiB);
  });

  it.runIf(isRoot)('counts exactly the blocks the helpers hold, and used = held + visible + other', () => {
    const line = report.filesystems.find((f) => f.mount === fs.dir);
    expect(line, JSON.stringify(report.filesystems.map((f) => f.mount))).toBeDefined();
    expect(line!.heldBytes).toBe(heldByHelpers);
    expect(line!.usedBytes).toBe(usedBytes(fs.dir));
    expect(line!.sizeBytes).toBe(32 * MiB);
    expect(line!.visibleBytes).toBe(fillAllocated);
    expect(line!.otherBytes).toBe(line!.usedBytes - line!.heldBytes - line!.visibleBytes!);
    // tmpfs keeps no metadata in data blocks: the three parts are the whole of used.
    expect(line!.otherBytes).toBe(0);
    const top = line!.topHolders.map((h) => h.pid);
    expect(top.slice(0, 2)).toEqual([holders.append.pid, holders.plain.pid]);
    const ours = [...Object.values(holders), nobody!].flatMap(filesOf);
    expect(ours.reduce((n, f) => n + (f.duplicate ? 0 : f.allocatedBytes), 0)).toBe(heldByHelpers);
  });

  it.runIf(isRoot)('counts an inode held on two fds once', () => {
    const h = holderOf(holders.dup);
    const files = filesOf(holders.dup);
    expect(files.map((f) => f.fd).sort()).toEqual([3, 4]);
    expect(files[0].ino).toBe(files[1].ino);
    expect(files.map((f) => f.duplicate).sort()).toEqual([false, true]);
    expect(h.heldBytes).toBe(1 * MiB);
    expect(h.fileCount).toBe(2);
  });

  it.runIf(isRoot)('reads append, write mode, mapping, unit, identity and sizes from /proc', () => {
    const [app] = filesOf(holders.append);
    expect(app).toMatchObject({ append: true, writable: true, mapped: false, sizeBytes: 5 * MiB, allocatedBytes: 5 * MiB, pos: 5 * MiB, mount: fs.dir });
    const [plain] = filesOf(holders.plain);
    expect(plain).toMatchObject({ append: false, writable: true, mapped: false, allocatedBytes: 3 * MiB });
    const [mapped] = filesOf(holders.mmap);
    expect(mapped).toMatchObject({ mapped: true, writable: true, allocatedBytes: 2 * MiB });
    const dupFiles = filesOf(holders.dup);
    expect(dupFiles.find((f) => f.fd === 4)).toMatchObject({ writable: false, append: false });
    for (const h of Object.values(holders)) {
      const r = holderOf(h);
      expect(r.unit).toBeNull();
      expect(r.uid).toBe(0);
      expect(r.startTime).toBe(startTimeFromStat(readFileSync(`/proc/${h.pid}/stat`, 'latin1')));
      expect(r.files.every((f) => f.dev === statSync(fs.dir).dev)).toBe(true);
    }
    expect(holderOf(holders.append)).toMatchObject({ comm: 'sleep', cmdline: 'sleep 600' });
    expect(holderOf(holders.mmap).comm).toMatch(/^python3/);
    expect(holderOf(nobody!).uid).toBe(65534);
  });

  it.runIf(isRoot)('shows hostile names as the kernel does, escaped, and never runs them', () => {
    expect(filesOf(holders.append)[0].path).toBe(`${fs.dir}/app\\nend.log (deleted)`);
    expect(filesOf(holders.plain)[0].path).toBe(`${fs.dir}/-plain $(touch ${PWNED}) (deleted)`);
    expect(filesOf(holders.dup)[0].path).toBe(`${fs.dir}/dup-\\xff\\xfe (deleted)`);
    for (const dir of [process.cwd(), fs.dir, tmp.dir, '/']) expect(existsSync(join(dir, PWNED))).toBe(false);
  });

  it.runIf(isRoot)('is partial only for processes it cannot see, never for the helpers', () => {
    const ours = new Set([...Object.values(holders), nobody!].map((h) => h.pid));
    for (const e of report.errors) for (const pid of ours) expect(e).not.toMatch(new RegExp(`\\b${pid}\\b`));
    expect(report.errors.filter((e) => /malformed|not root/.test(e))).toEqual([]);
    expect(report.holders.map((h) => h.heldBytes)).toEqual([...report.holders.map((h) => h.heldBytes)].sort((a, b) => b - a));
  });

  it.runIf(isRoot)('skips processes that exit during the scan without failing', async () => {
    // Holders living 0-3 s appear and vanish between the probe's passes (stat, readlink, fdinfo, status),
    // however slow a loaded machine makes them; the longer-lived ones show up whole: the churn ran alongside.
    const churnDir = join(tmp.dir, `churn-${way.replace(/ /g, '-')}`);
    mkdirSync(churnDir);
    const churn: ChildProcess = spawn('/bin/sh', ['-c', 'i=0; while :; do i=$((i+1)); (exec 3>"$1/c$i"; rm "$1/c$i"; exec sleep $((i % 3)).$((i % 10))) & sleep 0.02; done', 'churn', churnDir], {
      stdio: 'ignore',
      detached: true,
    });
    try {
      let churnSeen = 0;
      for (let i = 0; i < 6; i++) {
        const r = await scanners[way].scan('local');
        churnSeen += r.holders.filter((h) => h.files.some((f) => f.path.startsWith(churnDir))).length;
        // Only complaints about what this machine's root cannot see (a sandbox's pid 1) or df's view of other
        // tests' mounts coming and going are allowed; a vanished holder must not add any.
        expect(r.errors.filter((e) => !/could not be read \(pid 1\)$/.test(e) && !e.startsWith('df: '))).toEqual([]);
        for (const h of Object.values(holders)) expect(r.holders.some((x) => x.pid === h.pid)).toBe(true);
      }
      expect(churnSeen).toBeGreaterThan(0); // the churn really ran alongside the scans
    } finally {
      process.kill(-churn.pid!, 'SIGKILL');
    }
  });
});

describe('held CLI', () => {
  it.runIf(isRoot)('prints the HeldReport shape with --json', () => {
    const r = runCli(['held', '--json'], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') });
    expect(r.stderr).toBe('');
    expect([0, 3]).toContain(r.status); // 3: partial (a process this root cannot read, e.g. a sandbox's pid 1)
    const out = JSON.parse(r.stdout) as HeldReport;
    const h = out.holders.find((x) => x.pid === holders.append.pid)!;
    expect(Object.keys(h)).toEqual(expect.arrayContaining(['pid', 'comm', 'unit', 'heldBytes', 'files']));
    expect(Object.keys(h.files[0])).toEqual(expect.arrayContaining(['fd', 'path', 'sizeBytes', 'allocatedBytes', 'append', 'mapped']));
    expect(h).toMatchObject({ comm: 'sleep', unit: null, heldBytes: 5 * MiB });
    const line = out.filesystems.find((f) => f.mount === fs.dir)!;
    expect(line).toMatchObject({ usedBytes: 32 * MiB, heldBytes: heldByHelpers });
  });

  it.runIf(isRoot)('prints a table of holders and a line per filesystem without --json', () => {
    const r = runCli(['held'], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') });
    expect(r.stdout).toMatch(/PID\s+HOLDER\s+UNIT\s+HELD\s+FILES/);
    expect(r.stdout).toMatch(new RegExp(`${holders.append.pid}\\s+sleep\\s+-\\s+5\\.00 MiB\\s+1`));
    expect(r.stdout).toContain(`${fs.dir}: used 32.0 MiB of 32.0 MiB, held ${(heldByHelpers / MiB).toFixed(1)} MiB`);
  });

  it.runIf(isRoot).each([
    { readerWay: 'script', by: 'probe script' },
    { readerWay: 'in-process', by: 'in-process reader' },
  ])('as a non-root user, read by the $by: sees only that user’s holders and says the result is partial', ({ readerWay }) => {
    const data = join(tmp.dir, `nobody-data-${readerWay}`);
    mkdirSync(data, { mode: 0o777 });
    chmodSync(data, 0o777);
    chmodSync(tmp.dir, 0o711);
    const r = runCli(['held', '--json'], { SPOOLSCOPE_DATA_DIR: data, SPOOLSCOPE_HELD_READER: readerWay }, 65534);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
    const out = JSON.parse(r.stdout) as HeldReport;
    expect(out.partial).toBe(true);
    expect(out.errors.join('\n')).toContain('running as uid 65534, not root');
    expect(out.holders.map((h) => h.pid)).toContain(nobody!.pid);
    for (const h of Object.values(holders)) expect(out.holders.map((x) => x.pid)).not.toContain(h.pid);
    expect(out.holders.every((h) => h.uid === 65534)).toBe(true);
  });
});
