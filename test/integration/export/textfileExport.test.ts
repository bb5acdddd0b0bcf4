// spoolscope export --textfile, the built CLI on a temp root whose name holds a quote, a backslash and a newline:
// eight finished UTC days of two sources, the newest day's api writing 4x its baseline. The file's figures
// equal the command's --json and what scan --json and sources --json say of the same root; the sources
// analysis is reused from the data dir's cache for an hour and redone after; the file is replaced by a rename.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

interface ExportJson {
  file: string;
  node: string;
  roots: { root: string; bytes: number; partitions: number; oldestPartitionAgeSeconds: number | null; sources: { name: string; baselineRatio: number | null }[] | null }[];
  held: { mountpoint: string; bytes: number }[] | null;
  partial: boolean;
  warnings: string[];
}

const DAY_MS = 86_400_000;
const tmp = makeTempDir('export');
const root = join(tmp.dir, 'logs "q" back\\slash\nline');
const textfiles = join(tmp.dir, 'textfile');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'state'), TZ: 'UTC' };
/** The UTC dates written, oldest first: 10 to 3 days ago, all finished. */
const days: string[] = [];

/** Unescapes one label value of the exposition format. */
const unescape = (v: string) => v.replace(/\\(\\|"|n)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** The samples of one metric in the textfile: label sets (unescaped) and values. */
function samples(text: string, metric: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    const labels: Record<string, string> = {};
    const m = /^[a-z_]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`bad sample line ${JSON.stringify(line)}`);
    for (const l of (m[1] ?? '').matchAll(/([a-z]+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = unescape(l[2]);
    out.push({ labels, value: Number(m[2]) });
  }
  return out;
}

function exportJson(args: string[] = []): { status: number | null; json: ExportJson; stderr: string } {
  const r = runCli(['export', '--textfile', textfiles, root, '--json', ...args], env);
  if (r.status !== 0 && r.status !== 3) throw new Error(`export failed (${r.status}): ${r.stderr}`);
  return { status: r.status, json: JSON.parse(r.stdout) as ExportJson, stderr: r.stderr };
}

beforeAll(() => {
  mkdirSync(textfiles);
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  for (let ago = 10; ago >= 3; ago--) {
    const start = today - ago * DAY_MS;
    const day = new Date(start).toISOString().slice(0, 10);
    days.push(day);
    const dir = join(root, day);
    mkdirSync(dir, { recursive: true });
    // The newest day's api writes 4x what it wrote each day before; the worker writes the same every day.
    writeFileSync(join(dir, 'api.log'), 'a'.repeat(ago === 3 ? 160_000 : 40_000));
    writeFileSync(join(dir, 'worker.log'), 'w'.repeat(20_000));
    const noon = (start + DAY_MS / 2) / 1000;
    for (const f of ['api.log', 'worker.log']) utimesSync(join(dir, f), noon, noon);
  }
});

afterAll(() => tmp.cleanup());

describe('spoolscope export --textfile', () => {
  let first: ReturnType<typeof exportJson>;
  let text: string;

  beforeAll(() => {
    first = exportJson();
    text = readFileSync(join(textfiles, 'spoolscope.prom'), 'utf8');
  });

  it('writes the root figures of its --json, which are those scan --json reads of the root', () => {
    const { status, json } = first;
    expect(status).toBe(json.partial ? 3 : 0);
    expect(json.file).toBe(join(textfiles, 'spoolscope.prom'));
    expect(json.roots.map((r) => r.root)).toEqual([root]);
    const scan = runCli(['scan', root, '--json'], env);
    expect(scan.status).toBe(0);
    const summary = JSON.parse(scan.stdout) as { allocatedBytes: number; partitions: unknown[] };
    const r = json.roots[0];
    expect(r.bytes).toBe(summary.allocatedBytes);
    expect(r.partitions).toBe(8);
    // The oldest day's files were last written at its noon.
    const oldestNoon = (Date.parse(`${days[0]}T12:00:00Z`)) / 1000;
    expect(Math.abs(r.oldestPartitionAgeSeconds! - (Date.now() / 1000 - oldestNoon))).toBeLessThan(120);

    // The hostile root name is one label value, read back exactly.
    expect(samples(text, 'spoolscope_root_bytes')).toEqual([{ labels: { root }, value: r.bytes }]);
    expect(samples(text, 'spoolscope_root_partitions')).toEqual([{ labels: { root }, value: 8 }]);
    expect(samples(text, 'spoolscope_root_oldest_partition_age_seconds')).toEqual([{ labels: { root }, value: r.oldestPartitionAgeSeconds }]);
    expect(samples(text, 'spoolscope_export_partial')).toEqual([{ labels: {}, value: json.partial ? 1 : 0 }]);
    // No line but HELP, TYPE and samples: the newline in the root never split one.
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) spoolscope_[a-z_]+ .+|spoolscope_[a-z_]+(\{.*\})? \S+)$/);
  });

  it("exports the newest day's sources with the ratios sources --json gives, api at 4x its baseline", () => {
    const sources = runCli(['sources', root, '--json'], env);
    expect(sources.status).toBe(0);
    const report = JSON.parse(sources.stdout) as { partition: string; sources: { name: string; baselineRatio: number | null }[] };
    expect(report.partition.endsWith(days.at(-1)!)).toBe(true);
    const ratios = Object.fromEntries(report.sources.map((s) => [s.name, s.baselineRatio]));
    expect(ratios.api).toBeCloseTo(4, 6);
    expect(ratios.worker).toBeCloseTo(1, 6);
    const exported = samples(text, 'spoolscope_top_source_baseline_ratio');
    expect(exported).toEqual([
      { labels: { root, source: 'api' }, value: ratios.api },
      { labels: { root, source: 'worker' }, value: ratios.worker },
    ]);
    expect(first.json.roots[0].sources).toEqual(expect.arrayContaining([{ name: 'api', baselineRatio: ratios.api }]));
  });

  it('writes held bytes per mount as its --json says', () => {
    expect(first.json.held).not.toBeNull();
    expect(samples(text, 'spoolscope_held_bytes')).toEqual(
      [...first.json.held!].sort((a, b) => b.bytes - a.bytes || (a.mountpoint < b.mountpoint ? -1 : 1)).map((h) => ({ labels: { mountpoint: h.mountpoint }, value: h.bytes })),
    );
  });

  it('reuses the sources analysis within the hour, while bytes come from a fresh scan, and analyses again after it', () => {
    const newest = join(root, days.at(-1)!, 'api.log');
    const before = statSync(join(textfiles, 'spoolscope.prom')).ino;
    writeFileSync(newest, 'a'.repeat(320_000));
    const noon = Date.parse(`${days.at(-1)}T12:00:00Z`) / 1000;
    utimesSync(newest, noon, noon);
    const second = exportJson();
    expect(second.json.roots[0].bytes).toBeGreaterThan(first.json.roots[0].bytes);
    expect(second.json.roots[0].sources).toEqual(first.json.roots[0].sources);
    // Replaced by a rename, never rewritten in place, and no temp file left beside it.
    expect(statSync(join(textfiles, 'spoolscope.prom')).ino).not.toBe(before);
    expect(readdirSync(textfiles)).toEqual(['spoolscope.prom']);

    // Made two hours ago: too old to reuse.
    const cacheFile = join(env.SPOOLSCOPE_DATA_DIR, 'export-sources-cache.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: { analyzedAt: number }[] };
    for (const e of cache.entries) e.analyzedAt -= 2 * 3600_000;
    writeFileSync(cacheFile, JSON.stringify(cache));
    const third = exportJson();
    const api = third.json.roots[0].sources!.find((s) => s.name === 'api')!;
    expect(api.baselineRatio).toBeCloseTo(8, 6);
  });

  it('exits 1 and leaves nothing behind when the file cannot be written, or DIR is no directory', () => {
    const blocked = join(tmp.dir, 'blocked');
    mkdirSync(join(blocked, 'spoolscope.prom'), { recursive: true });
    const r = runCli(['export', '--textfile', blocked, root], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot write');
    expect(readdirSync(blocked)).toEqual(['spoolscope.prom']);
    expect(statSync(join(blocked, 'spoolscope.prom')).isDirectory()).toBe(true);
    rmSync(blocked, { recursive: true });

    const missing = runCli(['export', '--textfile', join(tmp.dir, 'nowhere'), root], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('is not a directory');
  });

  it('takes the oldest partition among all of them, not only the 500 largest the summary lists', () => {
    // 520 days; the oldest is the smallest, so it is not among the summary's 500 largest.
    const many = join(tmp.dir, 'many');
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    let oldestNoon = 0;
    for (let ago = 530; ago > 10; ago--) {
      const start = today - ago * DAY_MS;
      const dir = join(many, new Date(start).toISOString().slice(0, 10));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'app.log'), ago === 530 ? 'x' : 'x'.repeat(20_000));
      const noon = (start + DAY_MS / 2) / 1000;
      if (ago === 530) oldestNoon = noon;
      utimesSync(join(dir, 'app.log'), noon, noon);
    }
    const r = runCli(['export', '--textfile', textfiles, many, '--json'], env);
    expect([0, 3]).toContain(r.status);
    const json = JSON.parse(r.stdout) as ExportJson;
    expect(json.roots[0].partitions).toBe(520);
    expect(Math.abs(json.roots[0].oldestPartitionAgeSeconds! - (Date.now() / 1000 - oldestNoon))).toBeLessThan(120);
  });

  it('leaves out a root that cannot be scanned and exits 3', () => {
    const r = runCli(['export', '--textfile', textfiles, root, join(tmp.dir, 'gone'), '--json'], env);
    expect(r.status).toBe(3);
    const json = JSON.parse(r.stdout) as ExportJson;
    expect(json.partial).toBe(true);
    expect(json.roots.map((x) => x.root)).toEqual([root]);
    expect(json.warnings.some((w) => w.includes(join(tmp.dir, 'gone')))).toBe(true);
    expect(samples(readFileSync(join(textfiles, 'spoolscope.prom'), 'utf8'), 'spoolscope_export_partial')).toEqual([{ labels: {}, value: 1 }]);
  });
});
