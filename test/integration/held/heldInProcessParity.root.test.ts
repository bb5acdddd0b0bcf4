// The in-process held reader (localProc/heldProcReader) is only a faster way to run the held probe on
// this machine: on the same real processes it must give what the script gives, once parsed, and keep the
// script's limits (bytes, records, time, cancel) and a bounded queue; its warm-up stays bounded.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeldProcReader, MAX_WAITING_SCANS } from '../../../src/main/localProc/heldProcReader';
import { accountHeld, mountTableOf, parseHeldOutput, type HeldProbeData } from '../../../src/main/core/held/heldRecords';
import { HELD_LIMITS, HeldScanner } from '../../../src/main/services/held/heldScanner';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import type { ExecLimits } from '../../../src/main/transport/transport';
import { collectOutput } from '../../../src/main/transport/execOutput';
import { startHolder } from '../../support/holders';
import { startLateMapper, startMemfdHolder, startNamespacedHolder, startShmHolder } from '../../support/memoryHolders';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders, superviseChild } from '../../support/processes';
import { isRoot } from '../../support/root';

const MANY_FDS = 3_000; // several of the reader's batches: the helper thread takes part
const MANY_DELETED = 1_200;
const transport = new LocalTransport();
const reader = new HeldProcReader();
let fs: Tmpfs;
const labPids = new Set<number>();
let script: HeldProbeData;
let inProcess: HeldProbeData;

// Opens N files in a directory, unlinks the first `deleted`, keeps all open; a mix of write modes.
const MANY_PY = `
import os, sys, time
d, n, deleted = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
keep = []
for i in range(n):
    p = os.path.join(d, "many-%05d.log" % i)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if i % 2 else os.O_TRUNC)
    fd = os.open(p, flags, 0o644)
    os.write(fd, b"x" * (1 + i % 5000))
    if i < deleted:
        os.unlink(p)
    keep.append(fd)
print("ready", flush=True)
time.sleep(600)
`;

async function startMany(dir: string): Promise<number> {
  const child = spawn('/bin/sh', ['-c', 'ulimit -n 4096 && exec python3 -c "$1" "$2" "$3" "$4"', 'many', MANY_PY, dir, String(MANY_FDS), String(MANY_DELETED)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  superviseChild(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the many-fd holder exited with ${code}`)));
  });
  return child.pid!;
}

/** The parsed probe data of the lab's processes only: the rest of the machine moves between two scans. */
function labView(d: HeldProbeData) {
  const fdKeys = d.fds.filter((f) => labPids.has(f.pid)).map((f) => `${f.pid}/${f.fd}`);
  const labKeys = new Set(fdKeys);
  const labInodes = new Set(d.fds.filter((f) => labPids.has(f.pid)).map((f) => `${f.dev}:${f.ino}`));
  return {
    fds: d.fds.filter((f) => labPids.has(f.pid)).sort((a, b) => a.pid - b.pid || a.fd - b.fd),
    targets: [...d.targets].filter(([k]) => labKeys.has(k)).sort(),
    fdinfo: [...d.fdinfo].filter(([k]) => labKeys.has(k)).sort(([a], [b]) => a.localeCompare(b)),
    procs: [...d.procs].filter(([pid]) => labPids.has(pid)).sort(([a], [b]) => a - b),
    mappers: [...d.mappers].filter(([k]) => labInodes.has(k)).map(([k, pids]) => [k, [...pids].sort((a, b) => a - b)]).sort(),
    namespaces: [...labPids].sort((a, b) => a - b).map((pid) => [pid, d.mountNs.get(pid) ?? null, d.rootIsSlash.has(pid)]),
    // The mount each lab fd was opened through, in its holder's table (absent: memory). Only those: other
    // suites mount and unmount beside this one.
    fdMounts: d.fds
      .filter((f) => labPids.has(f.pid))
      .map((f) => {
        const id = d.fdinfo.get(`${f.pid}/${f.fd}`)?.mntId ?? null;
        return [`${f.pid}/${f.fd}`, id, mountTableOf(d, f.pid)?.find((m) => m.mountId === id) ?? null];
      })
      .sort(),
  };
}

/** What the report makes of the lab: its memory files and its holders of disk files. */
function labAccount(d: HeldProbeData) {
  const acc = accountHeld(d);
  return {
    memory: acc.memory.filter((m) => labPids.has(m.pid)).map((m) => [m.pid, m.fd, m.kind, m.comm]),
    holders: acc.holders.filter((h) => labPids.has(h.pid)).map((h) => [h.pid, h.files.map((f) => [f.fd, f.mapper?.pid ?? null, f.readOnly])]),
  };
}

let memfdPid = 0;
let shmPid = 0;
let mapperPid = 0;
let nsPid = 0;

beforeAll(async () => {
  if (!isRoot) return;
  fs = mountTmpfs(48);
  const holders = [
    await startHolder({ dir: fs.dir, name: 'app\nend $(touch pwned).log', mode: 'append', bytes: 1 << 20 }),
    await startHolder({ dir: fs.dir, name: '-plain.log', mode: 'plain', bytes: 1 << 19 }),
    await startHolder({ dir: fs.dir, name: 'mapped.bin', mode: 'mmap', bytes: 1 << 18 }),
    await startHolder({ dir: fs.dir, name: Buffer.from([0x64, 0xff, 0xfe]), mode: 'dup', bytes: 1 << 17 }),
    await startHolder({ dir: fs.dir, name: 'nobody.log', mode: 'append', bytes: 1 << 16, uid: 65534 }),
  ];
  for (const h of holders) labPids.add(h.pid);
  labPids.add(await startMany(fs.dir));
  // Memory (a memfd, an unlinked /dev/shm file), a process that only maps a lab file, and a holder whose
  // tmpfs is mounted only in its own namespace.
  memfdPid = (await startMemfdHolder(1 << 16)).pid;
  shmPid = (await startShmHolder(`spoolscope-parity-${process.pid}`, 1 << 15)).pid;
  mapperPid = (await startLateMapper(holders[0].pid, holders[0].fds[0])).pid;
  nsPid = (await startNamespacedHolder(1 << 16)).pid;
  for (const pid of [memfdPid, shmPid, mapperPid, nsPid]) labPids.add(pid);
  script = parseHeldOutput((await collectOutput(transport.exec(probeScripts.held, Buffer.alloc(0), HELD_LIMITS))).output);
  inProcess = parseHeldOutput((await collectOutput(reader.run(HELD_LIMITS))).output);
}, 120_000);

afterAll(async () => {
  await reader.close();
  await stopAllHolders();
  fs?.unmount();
});

describe('in-process held reader against the probe script (root)', () => {
  it.runIf(isRoot)('finds every deleted file of the lab, like the script', () => {
    const lab = labView(inProcess);
    // append, plain and nobody hold one fd each; dup two; python's mmap keeps a dup of its fd: two; the memfd,
    // /dev/shm and namespaced holders one each; the mapper none.
    expect(lab.fds.length).toBe(MANY_DELETED + 1 + 1 + 2 + 2 + 1 + 3);
    expect(lab.fds).toEqual(labView(script).fds);
  });

  it.runIf(isRoot)('reads the same link targets (raw bytes), fdinfo, processes and mappings', () => {
    const a = labView(inProcess);
    const b = labView(script);
    expect(a.targets).toEqual(b.targets);
    // Targets are the kernel's raw bytes (latin1 here): a newline and invalid UTF-8 come through as they are.
    const targets = a.targets.map(([, t]) => t);
    expect(targets).toContain(`${fs.dir}/app\nend $(touch pwned).log (deleted)`);
    expect(targets).toContain(`${fs.dir}/d\xff\xfe (deleted)`);
    expect(a.fdinfo).toEqual(b.fdinfo);
    expect(a.procs).toEqual(b.procs);
    expect(a.mappers).toEqual(b.mappers);
    // The mmap holder's own file, and the append holder's file mapped by the mapper alone.
    expect(a.mappers.map(([, pids]) => pids)).toEqual(expect.arrayContaining([[mapperPid]]));
    expect(a.mappers).toHaveLength(2);
  });

  it.runIf(isRoot)('reads the same namespaces and holders\' mount tables, and makes the same memory and disk of them', () => {
    const a = labView(inProcess);
    const b = labView(script);
    expect(a.namespaces).toEqual(b.namespaces);
    expect(a.fdMounts).toEqual(b.fdMounts);
    const acc = labAccount(inProcess);
    expect(acc).toEqual(labAccount(script));
    expect(acc.memory).toEqual(expect.arrayContaining([[memfdPid, expect.any(Number), 'memfd', 'python3'], [shmPid, expect.any(Number), 'dev-shm', 'python3']]));
    expect(acc.memory.filter(([pid]) => pid !== memfdPid && pid !== shmPid)).toEqual([]);
    // The namespaced holder's tmpfs is in its own table only: disk, not memory.
    expect(acc.holders.map(([pid]) => pid)).toContain(nsPid);
    // The mapper is named on the append holder's file; comm and unit read for a process that holds nothing.
    expect(inProcess.procs.get(mapperPid)?.comm).toMatch(/^python3/);
  });

  it.runIf(isRoot)('sees the same uid, mount table and unreadable processes, and nothing malformed', () => {
    expect(inProcess.probeUid).toBe(script.probeUid);
    // Other suites running beside this one mount and unmount their own scratch mounts (spoolscope-* temp
    // dirs) between the two scans: the rest of the table, and the lab's own tmpfs, must be the same.
    const steady = (d: HeldProbeData) => d.mounts.filter((m) => !m.mountPoint.includes('/spoolscope-') || m.mountPoint === fs.dir);
    expect(steady(inProcess)).toEqual(steady(script));
    expect(steady(script).map((m) => m.mountPoint)).toContain(fs.dir);
    expect([...inProcess.hiddenPids].sort()).toEqual([...script.hiddenPids].sort());
    expect(inProcess.malformed).toBe(0);
    expect(script.malformed).toBe(0);
  });
});

describe('in-process held reader limits', () => {
  const limits = (over: Partial<ExecLimits>): ExecLimits => ({ ...HELD_LIMITS, ...over });

  it.runIf(isRoot)('stops at the record limit with exactly that many records', async () => {
    const r = await collectOutput(reader.run(limits({ maxRecords: 7 })));
    expect(r.outcome.limitHit).toBe('records');
    expect(r.output.filter((b) => b === 0).length).toBe(7);
    expect(r.output.at(-1)).toBe(0);
  });

  it.runIf(isRoot)('stops at the byte limit with exactly that many bytes', async () => {
    const r = await collectOutput(reader.run(limits({ maxBytes: 5_000 })));
    expect(r.outcome.limitHit).toBe('bytes');
    expect(r.output.length).toBe(5_000);
    expect(r.outcome.stdoutBytes).toBe(5_000);
  });

  it.runIf(isRoot)('ends a scan that overruns its time, and the next scan still works', async () => {
    const r = await collectOutput(reader.run(limits({ timeoutMs: 1 })));
    expect(r.outcome.limitHit).toBe('time');
    expect(r.output.length).toBe(0);
    const again = await collectOutput(reader.run(HELD_LIMITS));
    expect(again.outcome).toMatchObject({ limitHit: null, exitCode: 0 });
    expect(labView(parseHeldOutput(again.output)).fds).toHaveLength(labView(script).fds.length);
  });

  it.runIf(isRoot)('cancels on abort, before or during the scan', async () => {
    const before = new AbortController();
    before.abort();
    expect((await collectOutput(reader.run(HELD_LIMITS, before.signal))).outcome.limitHit).toBe('cancelled');
    const during = new AbortController();
    const handle = reader.run(HELD_LIMITS, during.signal);
    during.abort();
    const r = await collectOutput(handle);
    expect(r.outcome.limitHit).toBe('cancelled');
    expect(r.output.length).toBe(0);
  });

  it.runIf(isRoot)(`queues at most ${MAX_WAITING_SCANS} scans behind the running one and refuses the rest with a reason`, async () => {
    const extra = 3;
    const results = await Promise.all(Array.from({ length: 1 + MAX_WAITING_SCANS + extra }, () => collectOutput(reader.run(limits({ maxRecords: 3 })))));
    const refused = results.filter((r) => r.outcome.exitCode !== 0);
    expect(refused).toHaveLength(extra);
    for (const r of refused) expect(r.outcome.stderr).toMatch(/held scans are already waiting on this machine; try again/);
    expect(results.filter((r) => r.outcome.limitHit === 'records')).toHaveLength(1 + MAX_WAITING_SCANS);
  });

  it.runIf(isRoot)('says so once closed, instead of starting threads again', async () => {
    const closed = new HeldProcReader();
    await collectOutput(closed.run(limits({ maxRecords: 2 })));
    await closed.close();
    const r = await collectOutput(closed.run(HELD_LIMITS));
    expect(r.outcome.exitCode).toBe(1);
    expect(r.outcome.stderr).toContain('closed');
  });
});

describe('in-process held reader warm-up', () => {
  it.runIf(isRoot)('stops listing at its fd cap, where a real scan lists every fd', async () => {
    // Two processes of 12,000 fds (the hard fd limit here is 20,000): 24,000 in all, past the 20,000 cap.
    const perProcess = 12_000;
    // Empty files (no blocks on the small tmpfs), all unlinked, all kept open.
    const py = 'import os, sys, time\nd, n = sys.argv[1], int(sys.argv[2])\nkeep = []\nfor i in range(n):\n    p = os.path.join(d, str(i))\n    keep.append(os.open(p, os.O_WRONLY | os.O_CREAT, 0o644))\n    os.unlink(p)\nprint("ready", flush=True)\ntime.sleep(600)\n';
    const children = [0, 1].map((k) => {
      const dir = `${fs.dir}/warm-${k}`;
      mkdirSync(dir);
      return spawn('/bin/sh', ['-c', `ulimit -n ${perProcess + 64} && exec python3 -c "$1" "$2" "$3"`, 'warm', py, dir, String(perProcess)], { stdio: ['ignore', 'pipe', 'inherit'] });
    });
    const stops = children.map((c) => superviseChild(c));
    try {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve, reject) => {
              child.stdout!.once('data', () => resolve());
              child.once('exit', (code) => reject(new Error(`a ${perProcess}-fd holder exited with ${code}`)));
            }),
        ),
      );
      const pids = new Set(children.map((c) => c.pid));
      const ofChildren = (out: Buffer) => parseHeldOutput(out).fds.filter((f) => pids.has(f.pid)).length;
      expect(ofChildren((await collectOutput(reader.run(HELD_LIMITS))).output)).toBe(2 * perProcess);
      expect(ofChildren((await collectOutput(reader.warmUpScan())).output)).toBeLessThan(20_000);
    } finally {
      await Promise.all(stops.map((s) => s()));
    }
  });

  it.runIf(isRoot)('runs the whole scan path in-process, and nothing once the reader is closed', async () => {
    let scripts = 0;
    const counting = { nodeName: 'local', exec: (script: string, stdin: Buffer, l: ExecLimits) => (script === probeScripts.held && scripts++, transport.exec(script, stdin, l)), close: async () => {} };
    const own = new HeldProcReader();
    const scanner = new HeldScanner({ transportFor: () => counting, visibleBytesByDevice: () => new Map(), inProcessProbe: () => own });
    await scanner.warmUp('local', 2);
    expect(scripts).toBe(0);
    const report = await scanner.scan('local');
    expect(report.holders.some((h) => labPids.has(h.pid))).toBe(true);
    expect(scripts).toBe(0);
    await own.close();
    await scanner.warmUp('local', 2);
    expect(scripts).toBe(0);
  });
});
