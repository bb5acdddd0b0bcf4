// Integration: the scan probe through the local transport counts a real tree exactly as du does.
import { execFileSync } from 'node:child_process';
import { closeSync, linkSync, mkdirSync, openSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempDir';
import { runLocalScan } from '../../support/runScan';

const tmp = makeTempDir('du');
const root = join(tmp.dir, 'root');

beforeAll(() => {
  mkdirSync(join(root, 'logs/core/2026/119'), { recursive: true });
  mkdirSync(join(root, 'logs/core/2026/120'), { recursive: true });
  writeFileSync(join(root, 'logs/core/2026/119/logs.sqlite'), Buffer.alloc(300_000, 1));
  writeFileSync(join(root, 'logs/core/2026/120/logs.sqlite'), Buffer.alloc(900_000, 2));
  writeFileSync(join(root, 'logs/core/2026/120/logs.sqlite-wal'), Buffer.alloc(70_001, 3));
  // Times with fractions: a partition's mtime is whole seconds, never rounded up (find prints %.12T@).
  utimesSync(join(root, 'logs/core/2026/119/logs.sqlite'), 1714400000.9, 1714400000.9);
  utimesSync(join(root, 'logs/core/2026/120/logs.sqlite'), 1714486400.1, 1714486400.1);
  utimesSync(join(root, 'logs/core/2026/120/logs.sqlite-wal'), 1714486461.999, 1714486461.999);
  // a hard link in another directory: du counts the inode once
  mkdirSync(join(root, 'links'));
  writeFileSync(join(root, 'links/a'), Buffer.alloc(123_457, 4));
  linkSync(join(root, 'links/a'), join(root, 'logs/core/b-hardlink'));
  // a sparse file: 64 MiB apparent, one 4 KiB block written
  const fd = openSync(join(root, 'sparse.img'), 'w');
  writeSync(fd, Buffer.alloc(4096, 5), 0, 4096, 64 * 1024 * 1024 - 4096);
  closeSync(fd);
  // hostile names
  const hostile = join(root, 'hostile');
  mkdirSync(hostile);
  for (const n of ['line\nbreak', '$(touch x)', '-rf', '--help', `q'"`, 'sp ace']) writeFileSync(join(hostile, n), n.repeat(100));
  writeFileSync(Buffer.from(`${hostile}/\xff\xfe-bad`, 'latin1'), 'x'.repeat(5000));
  mkdirSync(join(hostile, 'dir\nwith newline'));
  writeFileSync(join(hostile, 'dir\nwith newline', 'inner'), 'y'.repeat(9000));
  writeFileSync(join(root, 'empty'), '');
  execFileSync('ln', ['-s', '/etc/passwd', join(root, 'symlink')]);
});
afterAll(() => tmp.cleanup());

describe('scan of a real tree', () => {
  it('gives the same allocated total as du -sk --one-file-system, to the KiB', async () => {
    const { scans, jobId } = await runLocalScan(root);
    const s = scans.summary(jobId);
    const duKiB = Number(execFileSync('du', ['-sk', '--one-file-system', root]).toString().split('\t')[0]);
    expect(s.partial).toBe(false);
    expect(s.allocatedBytes / 1024).toBe(duKiB);
  });

  it('gives the same apparent total as du -sb', async () => {
    const { scans, jobId } = await runLocalScan(root);
    const duBytes = Number(execFileSync('du', ['-sb', root]).toString().split('\t')[0]);
    expect(scans.summary(jobId).apparentBytes).toBe(duBytes);
  });

  it('counts files like find -type f plus symlinks, and finds the day partitions', async () => {
    const { scans, jobId } = await runLocalScan(root);
    const s = scans.summary(jobId);
    const nonDirs = execFileSync('find', [root, '-xdev', '!', '-type', 'd', '-printf', 'x']).toString().length;
    expect(s.files).toBe(nonDirs);
    const days = s.partitions.filter((p) => p.kind === 'day').map((p) => p.path).sort();
    expect(days).toEqual(['logs/core/2026/119', 'logs/core/2026/120']);
    expect(s.partitions[0].path).toBe('logs/core/2026/120');
    expect(s.partitions[0].files).toBe(2);
  });

  it("gives a partition's newest mtime as stat's whole seconds, from 1970 to past 2286", async () => {
    const times = join(tmp.dir, 'times');
    const cases: [string, number][] = [
      ['wal/seg-00001.log', 1714400000.9],
      ['wal/seg-00002.log', 1714486461.999],
      ['wal/seg-00003.log', 12345.25],
      // Past 2286 %.12T@ keeps only the dot of the fraction (ext4 stores times up to 2446).
      ['wal/seg-00004.log', 14000000000.5],
      // Below depth 2 a lane lists it (scan-lane.sh's own find).
      ['deep/a/b/wal/seg-00005.log', 14000000000.5],
      ['deep/a/b/wal/seg-00006.log', 1714400000.9],
    ];
    for (const [f, t] of cases) {
      mkdirSync(join(times, f, '..'), { recursive: true });
      writeFileSync(join(times, f), 'x');
      utimesSync(join(times, f), t, t);
    }
    const { scans, jobId } = await runLocalScan(times);
    const byPath = new Map(scans.summary(jobId).partitions.map((p) => [p.path, p]));
    for (const [f, t] of cases) {
      const statSeconds = Number(execFileSync('stat', ['-c', '%Y', join(times, f)]).toString());
      expect(statSeconds, f).toBe(Math.floor(t));
      expect(byPath.get(f)?.newestMtime, f).toBe(statSeconds);
    }
  });

  it('refuses a missing root and a file as root with a clear message', async () => {
    const missing = await runLocalScan(join(tmp.dir, 'nope'));
    expect(missing.scans.progress(missing.jobId)).toMatchObject({ state: 'failed', message: expect.stringContaining('does not exist') });
    const file = await runLocalScan(join(root, 'empty'));
    expect(file.scans.progress(file.jobId)).toMatchObject({ state: 'failed', message: expect.stringContaining('is not a directory') });
  });
});
