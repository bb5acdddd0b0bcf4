// The lab must contain what it claims: other suites (scanner, partitions, sources, e2e) rely on it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, dayStartMs, type LabInfo } from '../../lab/buildLab';

let tmp: string;
let lab: LabInfo;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spoolscope-lab-test-'));
  lab = await buildLab(tmp);
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const abs = (rel: string): string => path.join(lab.root, rel);
const allocated = (p: string): number => fs.lstatSync(p).blocks * 512;
const dirAllocated = (dir: string): number => fs.readdirSync(dir).reduce((sum, name) => sum + allocated(path.join(dir, name)), 0);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

describe('buildLab', () => {
  it('reports its root and days', () => {
    expect(lab.root).toBe(path.resolve(tmp));
    expect(lab.spikeDayPath).toBe('logs/core/2026/120');
    expect(lab.baselineDays).toEqual(['114', '115', '116', '117', '118', '119'].map((d) => `logs/core/2026/${d}`));
    expect(lab.files).toBe(lab.expected.totals.files);
    expect(lab.files).toBeGreaterThan(40);
  });

  it('has a spike day many times the median baseline day, by allocated bytes', () => {
    const baseline = lab.baselineDays.map((d) => dirAllocated(abs(d)));
    for (const b of baseline) {
      expect(b).toBeGreaterThan(800_000);
      expect(b).toBeLessThan(2_000_000);
    }
    const spike = dirAllocated(abs(lab.spikeDayPath));
    expect(spike).toBeGreaterThanOrEqual(15 * median(baseline));
    expect(spike).toBeGreaterThan(20e6);
    expect(spike).toBeLessThan(45e6);
    expect(lab.expected.dayAllocatedBytes[120]).toBe(spike);
  });

  it('keeps the spike day in WAL mode with un-checkpointed rows in its -wal sibling', () => {
    const { db, wal, shm } = lab.expected.spikeSqlite;
    expect(fs.statSync(abs(wal)).size).toBeGreaterThan(100_000);
    expect(fs.existsSync(abs(shm))).toBe(true);
    // Baseline days are single files.
    for (const d of lab.baselineDays) expect(fs.readdirSync(abs(d))).toEqual(['logs.sqlite']);

    // All rows are readable (the last ones only through the WAL), and one source/template dominates.
    const conn = new Database(abs(db), { readonly: true, fileMustExist: true });
    try {
      const total = (conn.prepare('SELECT count(*) AS n FROM logs').get() as { n: number }).n;
      const expectedRows = Object.values(lab.expected.rowsPerDay[120]).reduce((a, b) => a + b, 0);
      expect(total).toBe(expectedRows);
      expect(lab.expected.spikeRowsInWal).toBeGreaterThan(1000);
      const top = conn.prepare('SELECT src, msg, count(*) AS n FROM logs GROUP BY src, msg ORDER BY n DESC LIMIT 1').get() as { src: string; msg: string; n: number };
      expect(top.src).toBe('gateway');
      expect(top.msg).toBe('accept: Too many open files (os error 24)');
      expect(top.n / total).toBeGreaterThan(0.95);
      const cols = (conn.prepare('PRAGMA table_info(logs)').all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols).toEqual(['id', 'ts', 'src', 'level', 'msg']);
      const { lo, hi } = conn.prepare('SELECT min(ts) AS lo, max(ts) AS hi FROM logs').get() as { lo: number; hi: number };
      expect(lo).toBeGreaterThanOrEqual(dayStartMs(120));
      expect(hi).toBeLessThan(dayStartMs(121));
    } finally {
      conn.close();
    }
    // A read-only reader does not checkpoint: the -wal is still there.
    expect(fs.statSync(abs(wal)).size).toBeGreaterThan(100_000);
  });

  it('has a quiet week: several sources and no runaway in the baseline days', () => {
    const conn = new Database(abs(lab.expected.sqliteFiles[0]), { readonly: true, fileMustExist: true });
    try {
      const rows = conn.prepare('SELECT src, count(*) AS n FROM logs GROUP BY src').all() as Array<{ src: string; n: number }>;
      expect(rows.map((r) => r.src).sort()).toEqual(['api', 'auth', 'gateway', 'ingest', 'scheduler']);
      const distinct = (conn.prepare('SELECT count(DISTINCT msg) AS n FROM logs').get() as { n: number }).n;
      expect(distinct).toBeGreaterThan(1000);
      const spikes = (conn.prepare('SELECT count(*) AS n FROM logs WHERE msg = ?').get(lab.expected.spikeMessage) as { n: number }).n;
      expect(spikes).toBe(0);
    } finally {
      conn.close();
    }
  });

  it('sets mtimes to the day each file and day directory represents', () => {
    for (const d of [...lab.expected.baselineDayNumbers, 120]) {
      const dir = abs(`logs/core/2026/${d}`);
      for (const p of [dir, path.join(dir, 'logs.sqlite')]) {
        const m = fs.statSync(p).mtimeMs;
        expect(m).toBeGreaterThanOrEqual(dayStartMs(d));
        expect(m).toBeLessThan(dayStartMs(d + 1));
      }
    }
    expect(new Date(dayStartMs(114)).toISOString()).toBe('2026-04-24T00:00:00.000Z');
  });

  it('has WAL segments, stream segments and rotated logs', () => {
    expect(lab.expected.walSegments).toHaveLength(12);
    expect(fs.readdirSync(abs('spool/wal')).sort()).toEqual(lab.expected.walSegments.map((p) => path.basename(p)));
    expect(path.basename(lab.expected.walSegments[0])).toBe('00000000000000000001.log');
    expect(fs.readdirSync(abs('spool/stream'))).toContain('seg-000001.log');
    for (const p of lab.expected.walSegments.slice(0, -1)) expect(fs.statSync(abs(p)).size).toBe(256 * 1024);

    expect(fs.readdirSync(abs('var/log/app')).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2.gz', 'app.log.3.gz', 'app.log.4.gz', 'app.log.5.gz']);
    expect(fs.readdirSync(abs('var/log')).sort()).toEqual(['app', 'syslog', 'syslog.1', 'syslog.2.gz']);
    const text = zlib.gunzipSync(fs.readFileSync(abs('var/log/app/app.log.3.gz'))).toString();
    expect(text.split('\n').length).toBeGreaterThan(1000);
    // Older rotations are older.
    expect(fs.statSync(abs('var/log/app/app.log.5.gz')).mtimeMs).toBeLessThan(fs.statSync(abs('var/log/app/app.log.1')).mtimeMs);
  });

  it('has a hard-linked pair and a sparse file', () => {
    const [a, b] = lab.expected.hardLinks.map(abs);
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    expect(sa.nlink).toBe(2);
    expect(sb.ino).toBe(sa.ino);
    expect(sb.dev).toBe(sa.dev);

    const sp = fs.statSync(abs(lab.expected.sparse.path));
    expect(sp.size).toBe(lab.expected.sparse.size);
    expect(sp.blocks * 512).toBeLessThan(sp.size / 16);
    expect(sp.blocks * 512).toBeGreaterThanOrEqual(lab.expected.sparse.writtenBytes);
  });

  it('creates hostile names byte-exact', () => {
    const dir = abs(lab.expected.hostileDir);
    const onDisk = fs.readdirSync(dir, { encoding: 'buffer' });
    const hex = new Set(onDisk.map((b) => b.toString('hex')));
    for (const name of lab.expected.hostileNames) expect(hex.has(name.toString('hex')), JSON.stringify(name.toString('latin1'))).toBe(true);
    expect(onDisk).toHaveLength(lab.expected.hostileNames.length);
    expect(lab.expected.hostileNamesHex).toEqual(lab.expected.hostileNames.map((b) => b.toString('hex')));

    const names = onDisk.map((b) => b.toString('latin1'));
    for (const want of ['new\nline.log', 'tab\there.log', '$(touch pwned)', '`id`', '-rf', '--help', `a'b"c`]) expect(names).toContain(want);
    // Invalid UTF-8 survives as raw bytes.
    expect(onDisk.some((b) => b.equals(Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x6c, 0x6f, 0x67])))).toBe(true);
    expect(onDisk.some((b) => b.length === 250)).toBe(true);
    // A directory with a space and a newline, holding a file.
    const { name, file } = lab.expected.hostileDirWithNewline;
    expect(name).toContain(' ');
    expect(name).toContain('\n');
    expect(fs.readdirSync(path.join(dir, name))).toEqual([file]);
    // "$(touch /tmp/pwned)" exists as a path.
    expect(fs.existsSync(path.join(dir, '$(touch /tmp/pwned)'))).toBe(true);
  });

  it('reports totals that match an independent walk', () => {
    const t = lab.expected.totals;
    expect(t.symlinks).toBe(0);
    expect(t.allocatedBytes).toBeGreaterThan(30e6);
    expect(t.allocatedBytes).toBeLessThan(60e6);
    // Apparent includes the 16 MiB sparse file; allocated counts the hard link once.
    expect(t.apparentBytes).toBeGreaterThan(t.allocatedBytes);
    // du counts directories and hard links the same way (once per inode).
    const du = (flag: string): number => Number(execFileSync('du', [flag, '--one-file-system', lab.root], { encoding: 'utf8' }).split('\t')[0]);
    expect(du('-sk') * 1024).toBe(t.allocatedBytes);
    expect(du('-sb')).toBe(t.apparentBytes);
    // find lists names: every inode once, plus the second name of the hard-linked pair.
    expect(t.files + t.dirs + 1).toBe(execFileSync('find', [lab.root, '-printf', '.'], { encoding: 'utf8' }).length);
  });
});
