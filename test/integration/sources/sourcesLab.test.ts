// Runaway sources on the demo lab: the SQLite store (gateway at ~25x the store's baseline on day 120) and
// the text-log store (gateway.log at 25x its own baseline bytes, from 09:30), through better-sqlite3, the
// node's sqlite3 shell and the CLI. Both are finished UTC days: each is rated over its whole 24 h.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { buildTextLogStore, type TextStoreInfo } from '../../lab/textLogStore';
import { SourceAnalyzer } from '../../../src/main/services/sources/sourceAnalyzer';
import { requireInsideRoots } from '../../../src/main/services/sources/sourcesScope';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { median } from '../../../src/main/core/sources/sourceRates';
import type { SourcesReport } from '../../../src/shared/sourceModels';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('sources-lab');
let lab: LabInfo;
let text: TextStoreInfo;
const transport = new LocalTransport();
const analyzer = new SourceAnalyzer({ transportFor: () => transport });
let viaLibrary: SourcesReport;
let viaShell: SourcesReport;
let viaText: SourcesReport;
const children: ChildProcess[] = [];

beforeAll(async () => {
  lab = await buildLab(join(tmp.dir, 'lab'));
  text = buildTextLogStore(lab.root);
  const spikeDay = join(lab.root, lab.spikeDayPath);
  [viaLibrary, viaShell, viaText] = await Promise.all([
    analyzer.analyze('local', spikeDay),
    analyzer.analyze('local', spikeDay, { sqliteReader: 'shell' }),
    analyzer.analyze('local', text.storeDir),
  ]);
});

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  tmp.cleanup();
});

/** The gateway's own ratio in the lab, from the rows it wrote: day 120 over the median of the baseline days. */
function labGatewayRatio(): number {
  const rows = lab.expected.rowsPerDay;
  return rows[120].gateway / median(lab.expected.baselineDayNumbers.map((d) => rows[d].gateway));
}

describe('SQLite store: attribution by the src column', () => {
  it('ranks the runaway source first, the store at ~25x its baseline and the gateway near its own built-in multiple', () => {
    const r = viaLibrary;
    expect(r.attribution).toBe('sqlite-column');
    expect(r.sqlite).toMatchObject({ table: 'logs', source: 'src', time: 'ts', message: 'msg', from: 'detected', reader: 'library' });
    expect(r.partition).toBe(join(lab.root, lab.spikeDayPath));
    expect(r.baselinePartitions).toEqual(lab.baselineDays.map((d) => join(lab.root, d)));
    expect(r.partitionBaselineRatio!).toBeGreaterThan(25 * 0.85);
    expect(r.partitionBaselineRatio!).toBeLessThan(25 * 1.15);
    // A finished day: exactly its bytes over the median bytes of the days before, as the files hold them.
    const dayBytes = (d: number) => ['logs.sqlite', 'logs.sqlite-wal'].reduce((n, f) => n + (existsSync(join(lab.root, 'logs/core/2026', String(d), f)) ? statSync(join(lab.root, 'logs/core/2026', String(d), f)).size : 0), 0);
    expect(r.partitionBaselineRatio!).toBeCloseTo(dayBytes(120) / median(lab.expected.baselineDayNumbers.map(dayBytes)), 6);
    expect(r.day).toMatchObject({ date: '2026-04-30', open: false, seconds: 86_400 });
    const [top] = r.sources;
    expect(top.name).toBe(lab.expected.spikeSource);
    expect(top.share).toBeGreaterThan(0.9);
    expect(top.baselineRatio!).toBeGreaterThan(labGatewayRatio() * 0.75);
    expect(top.baselineRatio!).toBeLessThan(labGatewayRatio() * 1.25);
    // The others are at their usual rate.
    for (const s of r.sources.slice(1)) {
      expect(s.baselineRatio!).toBeGreaterThan(0.5);
      expect(s.baselineRatio!).toBeLessThan(2);
    }
    expect(r.partial).toBe(false);
  });

  it('estimates lines and lines/s from the rowid range (the wal rows included)', () => {
    const top = viaLibrary.sources[0];
    const written = lab.expected.rowsPerDay[120].gateway;
    expect(top.lines).toBeGreaterThan(written * 0.9);
    expect(top.lines).toBeLessThan(written * 1.1);
    expect(top.linesPerSecond).toBeGreaterThan((written / 86_400) * 0.9);
  });

  it("its top template is the EMFILE accept loop, with count, share and an example line", () => {
    const t = viaLibrary.sources[0].templates[0];
    expect(t.template).toContain('os error 24');
    expect(t.example).toBe(lab.expected.spikeMessage);
    expect(t.share).toBeGreaterThan(0.95);
    expect(t.count).toBeGreaterThan(1000);
    // Other sources' templates have their values replaced.
    const api = viaLibrary.sources.find((s) => s.name === 'api')!;
    expect(api.templates.some((x) => x.template.includes('request_id=<uuid>'))).toBe(true);
  });

  it('the spike is dated: it runs from the first rows of day 120', () => {
    const top = viaLibrary.sources[0];
    expect(top.spikeStartedAt).not.toBeNull();
    expect(top.spikeStartedAt!).toBeLessThan(Date.UTC(2026, 3, 30, 1));
    expect(viaLibrary.sources[1].spikeStartedAt).toBeNull();
  });

  it('per-day chart data: 7 days, the spike day current and the gateway its largest part', () => {
    expect(viaLibrary.days.map((d) => d.key)).toEqual(['2026/114', '2026/115', '2026/116', '2026/117', '2026/118', '2026/119', '2026/120']);
    // Each a finished day, named by its date.
    expect(viaLibrary.days.map((d) => d.date)).toEqual(['2026-04-24', '2026-04-25', '2026-04-26', '2026-04-27', '2026-04-28', '2026-04-29', '2026-04-30']);
    expect(viaLibrary.days.some((d) => d.open)).toBe(false);
    const last = viaLibrary.days[6];
    expect(last.current).toBe(true);
    expect(last.bySource[0].name).toBe('gateway');
    expect(last.bytes).toBeGreaterThan(20 * median(viaLibrary.days.slice(0, 6).map((d) => d.bytes)));
  });

  it("the node's sqlite3 shell gives the same figures as better-sqlite3", () => {
    expect(viaShell.sqlite?.reader).toBe('node-sqlite3');
    const pick = (r: SourcesReport) => r.sources.map((s) => ({ name: s.name, bytes: s.bytes, lines: s.lines, ratio: s.baselineRatio, templates: s.templates, spike: s.spikeStartedAt }));
    expect(pick(viaShell)).toEqual(pick(viaLibrary));
    expect(viaShell.days).toEqual(viaLibrary.days);
  });

  it('a root is analysed at its newest day; a baseline day asked for is compared with the days before it', async () => {
    const fromRoot = await analyzer.analyze('local', lab.root);
    expect(fromRoot.partition).toBe(join(lab.root, lab.spikeDayPath));
    expect(fromRoot.sources[0].name).toBe('gateway');
    const day117 = await analyzer.analyze('local', join(lab.root, 'logs/core/2026/117'));
    expect(day117.baselinePartitions.map((p) => p.slice(-3))).toEqual(['114', '115', '116']);
    expect(day117.sources[0].name).toBe('api');
    for (const s of day117.sources) expect(s.baselineRatio!).toBeLessThan(2);
  });

  it('the read leaves the store as it was: no new files next to the databases', () => {
    for (const d of lab.expected.baselineDayNumbers) {
      const dir = join(lab.root, 'logs/core/2026', String(d));
      expect(existsSync(join(dir, 'logs.sqlite-wal'))).toBe(false);
      expect(existsSync(join(dir, 'logs.sqlite-journal'))).toBe(false);
    }
  });
});

describe('SQLite store: the spike start', () => {
  it('dates a spike that began mid-day within one stratum (30 min at 48 strata)', async () => {
    const spikeAt = Date.UTC(2026, 3, 30, 9, 30);
    for (const d of [24, 25, 26, 27, 28, 29, 30]) {
      const dir = join(tmp.dir, 'midday', `2026-04-${d}`);
      mkdirSync(dir, { recursive: true });
      const db = new Database(join(dir, 'logs.sqlite'));
      db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, service TEXT, message TEXT)');
      const ins = db.prepare('INSERT INTO logs (ts, service, message) VALUES (?, ?, ?)');
      const start = Date.UTC(2026, 3, d);
      db.transaction(() => {
        // A steady minute-by-minute baseline of both services; on the 30th, 25 more gateway rows a minute from 09:30.
        for (let m = 0; m < 1440; m++) {
          const t = start + m * 60_000;
          ins.run(t, 'api', `GET /v1/items/${m} -> 200`);
          ins.run(t + 1, 'gateway', `proxied /healthz in ${m % 90}ms`);
          if (t >= spikeAt) for (let k = 0; k < 25; k++) ins.run(t + 2 + k, 'gateway', 'accept: Too many open files (os error 24)');
        }
      })();
      db.close();
    }
    const r = await analyzer.analyze('local', join(tmp.dir, 'midday', '2026-04-30'));
    expect(r.sqlite).toMatchObject({ source: 'service', time: 'ts', message: 'message' });
    const gw = r.sources[0];
    expect(gw.name).toBe('gateway');
    expect(gw.spikeStartAtOrBefore).toBe(false);
    expect(Math.abs(gw.spikeStartedAt! - spikeAt)).toBeLessThanOrEqual(30 * 60_000);
    expect(r.sources.find((s) => s.name === 'api')!.spikeStartedAt).toBeNull();
  });
});

describe('text-log store: attribution by file name', () => {
  it('ranks gateway.log first at its built-in multiple, its top template the EMFILE loop', () => {
    const r = viaText;
    expect(r.attribution).toBe('file-name');
    expect(r.partition).toBe(text.spikeDayDir);
    expect(r.baselinePartitions).toEqual(text.dayDirs.slice(0, -1));
    const [top] = r.sources;
    expect(top.name).toBe('gateway');
    expect(top.bytes).toBe(text.bytes['2026-04-30'].gateway);
    expect(top.baselineRatio!).toBeGreaterThan(text.spikeMultiple * 0.85);
    expect(top.baselineRatio!).toBeLessThan(text.spikeMultiple * 1.15);
    // Files are read to the byte: the ratio is exactly the bytes written over the median of the days before.
    expect(top.baselineRatio!).toBeCloseTo(text.bytes['2026-04-30'].gateway / median(Object.keys(text.bytes).slice(0, -1).map((d) => text.bytes[d].gateway)), 9);
    // Read whole, each file's lines are counted.
    expect(top).toMatchObject({ linesEstimated: false, notSampledReason: null, nowBytesPerSecond: null });
    expect(top.templates[0].template).toContain('os error 24');
    expect(top.templates[0].example).toContain(text.spikeMessage);
    for (const s of r.sources.slice(1)) expect(s.baselineRatio!).toBeLessThan(2);
  });

  it('dates the spike to 09:30 to the minute', () => {
    const top = viaText.sources[0];
    expect(top.spikeStartAtOrBefore).toBe(false);
    // Every line of the tail was read: the start is found to the minute, not just to its 14-minute bucket.
    expect(Math.abs(top.spikeStartedAt! - text.spikeStartMs)).toBeLessThan(60_000);
  });

  it('names the process that has a log open for writing, not one that only reads it', async () => {
    const gw = join(text.spikeDayDir, 'gateway.log');
    const writer = spawn('sh', ['-c', 'exec 3>>"$1"; echo ready; exec sleep 60', 'sh', gw], { stdio: ['ignore', 'pipe', 'ignore'] });
    const reader = spawn('sh', ['-c', 'exec 3<"$1"; echo ready; exec sleep 60', 'sh', join(text.spikeDayDir, 'api.log')], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(writer, reader);
    await Promise.all([writer, reader].map((c) => new Promise((res) => c.stdout!.once('data', res))));
    const r = await analyzer.analyze('local', text.spikeDayDir);
    expect(r.writers).toContainEqual({ pid: writer.pid, comm: 'sleep', path: gw });
    expect(r.writers.some((w) => w.pid === reader.pid)).toBe(false);
    writer.kill('SIGKILL');
    reader.kill('SIGKILL');
  });

  it('hostile file names round-trip to the node and back (shown escaped), and nothing is run from them', async () => {
    const dir = join(tmp.dir, 'hostile', '2026-04-30');
    mkdirSync(dir, { recursive: true });
    const names = ['$(touch pwned-src).log', 'new\nline.log', '-rf.log', `a'b"c.log`];
    for (const n of names) writeFileSync(join(dir, n), `2026-04-30T00:00:00Z x: hello ${n}\n`);
    // "f\xff\xfe.log": not UTF-8; its tail can only be read if the raw bytes reach the probe.
    writeFileSync(Buffer.concat([Buffer.from(dir + '/f'), Buffer.from([0xff, 0xfe]), Buffer.from('.log')]), '2026-04-30T00:00:00Z x: raw bytes 42\n');
    openSync(join(dir, 'empty.log'), 'w');
    const r = await analyzer.analyze('local', dir);
    expect(r.sources.map((s) => s.name).sort()).toEqual(['$(touch pwned-src)', '-rf', `a'b"c`, 'empty', 'f\\xff\\xfe', 'new\\nline'].sort());
    expect(r.sources.find((s) => s.name === 'f\\xff\\xfe')!.templates[0].template).toBe('<ts> x: raw bytes <num>');
    expect(r.sources.find((s) => s.name === 'new\\nline')!.templates.length).toBeGreaterThan(0);
    expect(existsSync(join(process.cwd(), 'pwned-src'))).toBe(false);
    expect(existsSync(join(dir, 'pwned-src'))).toBe(false);
  });

  it('a SQLite store under a directory whose name is not UTF-8 is still read by column (through the shell)', async () => {
    const raw = Buffer.concat([Buffer.from(join(tmp.dir, 'rawstore', 'raw-')), Buffer.from([0xff]), Buffer.from('/2026-04-30')]);
    mkdirSync(raw, { recursive: true });
    const db = new Database(join(tmp.dir, 'tmp.sqlite'));
    db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, src TEXT, ts INTEGER, msg TEXT)');
    const ins = db.prepare('INSERT INTO logs (src, ts, msg) VALUES (?, ?, ?)');
    for (let i = 0; i < 50; i++) ins.run('gateway', Date.UTC(2026, 3, 30) + i * 1000, 'accept: Too many open files (os error 24)');
    db.close();
    renameSync(join(tmp.dir, 'tmp.sqlite'), Buffer.concat([raw, Buffer.from('/logs.sqlite')]));
    // The path as the UI would send it cannot name this directory; a parent can.
    const r = await analyzer.analyze('local', tmp.dir + '/rawstore/raw-\ufffd/2026-04-30').catch((e: Error) => e);
    expect(r).toBeInstanceOf(Error);
    const viaParent = await analyzer.analyze('local', join(tmp.dir, 'rawstore'));
    expect(viaParent.partition).toBe(`${tmp.dir}/rawstore/raw-\\xff/2026-04-30`);
    expect(viaParent.attribution).toBe('sqlite-column');
    expect(viaParent.sqlite?.reader).toBe('node-sqlite3');
    expect(viaParent.sources[0].name).toBe('gateway');
  });
});

describe('front doors', () => {
  it('spoolscope sources --json prints each source with name, bytes, lines, linesPerSecond, baselineRatio and templates', () => {
    const r = runCli(['sources', join(lab.root, 'logs/core'), '--json'], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { sources: Array<Record<string, unknown>> };
    expect(Object.keys(out.sources[0]).slice(0, 6)).toEqual(['name', 'bytes', 'lines', 'linesPerSecond', 'baselineRatio', 'templates']);
    expect(out.sources[0].name).toBe('gateway');
    const t = (out.sources[0].templates as Array<{ template: string; count: number; example: string }>)[0];
    expect(t.template).toContain('os error 24');
    expect(t.count).toBeGreaterThan(0);
  });

  it('the text form names the source, its ratio and its top message; a missing path is one line and exit 1', () => {
    const r = runCli(['sources', text.storeDir], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') });
    expect(r.stdout).toMatch(/^gateway\s.*\s2\dx\s/m);
    expect(r.stdout).toContain('accept: Too many open files (os error 24)');
    const missing = runCli(['sources', join(tmp.dir, 'nope')], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^spoolscope: .*nope does not exist\n$/);
  });

  it('from the UI a path must be inside a configured root', () => {
    expect(requireInsideRoots('/lab/logs/core/', ['/lab'])).toBe('/lab/logs/core');
    expect(() => requireInsideRoots('/labx/logs', ['/lab'])).toThrow(/not inside a configured root/);
    expect(() => requireInsideRoots('/lab/../etc', ['/lab'])).toThrow(/"\.\."/);
  });
});
