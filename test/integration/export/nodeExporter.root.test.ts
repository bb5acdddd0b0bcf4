// spoolscope export's file through the real chain an operator runs: Debian's node_exporter (textfile collector
// only) reads DIR/spoolscope.prom, a real Prometheus scrapes it every second, and every series queried back
// through Prometheus' HTTP API equals the figure the CLI's --json printed. The root's name holds a quote, a
// backslash and a newline, and a source's file name an invalid UTF-8 byte: node_exporter accepts the file
// (node_textfile_scrape_error 0) and Prometheus keeps the labels exactly.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { isRoot } from '../../support/root';
import { startNodeExporter, type NodeExporter } from '../../support/stores/nodeExporter';
import { PROM_OWNER, startPrometheus, type PromServer } from '../../support/stores/prometheus';
import { serviceUser } from '../../support/stores/softwareCache';

interface ExportJson {
  roots: { root: string; bytes: number; partitions: number; oldestPartitionAgeSeconds: number | null; sources: { name: string; baselineRatio: number | null }[] | null }[];
  held: { mountpoint: string; bytes: number }[] | null;
  partial: boolean;
}

interface Series {
  metric: Record<string, string>;
  value: number;
}

const DAY_MS = 86_400_000;

describe.skipIf(!isRoot)('spoolscope export read by a real node_exporter and scraped by a real Prometheus', () => {
  let base: string;
  let root: string;
  let exported: ExportJson;
  let exitCode: number | null;
  let exporter: NodeExporter;
  let prom: PromServer;

  async function query(promql: string): Promise<Series[]> {
    const res = await fetch(`http://127.0.0.1:${prom.port}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`);
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** The series of one metric without Prometheus' own job and instance labels, sorted for comparison. */
  async function series(name: string): Promise<{ labels: Record<string, string>; value: number }[]> {
    return (await query(name))
      .map(({ metric, value }) => {
        const { __name__: _n, job: _j, instance: _i, ...labels } = metric;
        return { labels, value };
      })
      .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
  }

  beforeAll(async () => {
    base = mkdtempSync('/tmp/spoolscope-nodeexp-');
    chmodSync(base, 0o755);
    root = join(base, 'logs "q" back\\slash\nline');
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    for (let ago = 9; ago >= 2; ago--) {
      const start = today - ago * DAY_MS;
      const dir = join(root, new Date(start).toISOString().slice(0, 10));
      mkdirSync(dir, { recursive: true });
      const files = [join(dir, 'api.log'), join(dir, 'worker.log')];
      writeFileSync(files[0], 'a'.repeat(ago === 2 ? 90_000 : 30_000));
      writeFileSync(files[1], 'w'.repeat(10_000));
      // A writer named with an invalid UTF-8 byte and a quote, at 2x its baseline.
      const odd = Buffer.concat([Buffer.from(dir + '/odd'), Buffer.from([0xff]), Buffer.from('"name.log')]);
      writeFileSync(odd, 'o'.repeat(ago === 2 ? 8_000 : 4_000));
      const noon = (start + DAY_MS / 2) / 1000;
      for (const f of [...files, odd]) utimesSync(f, noon, noon);
    }
    const textfiles = join(base, 'textfile');
    mkdirSync(textfiles, { mode: 0o755 });
    const r = runCli(['export', '--textfile', textfiles, root, '--json'], { SPOOLSCOPE_DATA_DIR: join(base, 'state'), TZ: 'UTC' });
    if (r.status !== 0 && r.status !== 3) throw new Error(`export failed (${r.status}): ${r.stderr}`);
    exitCode = r.status;
    exported = JSON.parse(r.stdout) as ExportJson;

    exporter = await startNodeExporter(textfiles);
    const owner = serviceUser(PROM_OWNER);
    const tsdb = join(base, 'tsdb');
    mkdirSync(tsdb, { mode: 0o755 });
    chownSync(tsdb, owner.uid, owner.gid);
    const config = [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: node',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporter.port}']`,
      '',
    ].join('\n');
    prom = await startPrometheus(tsdb, join(base, 'etc'), config);
    const until = Date.now() + 60_000;
    while ((await query('spoolscope_root_bytes')).length === 0) {
      if (Date.now() > until) throw new Error(`no spoolscope series scraped within 60 s:\n${prom.server.output()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 180_000);

  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('is a file node_exporter reads without error', async () => {
    expect(exitCode).toBe(exported.partial ? 3 : 0);
    expect(await series('node_textfile_scrape_error')).toEqual([{ labels: {}, value: 0 }]);
    expect(await exporter.metrics()).toContain('spoolscope_root_bytes{root="');
  });

  it("holds each root's bytes, partitions and oldest partition age as the CLI printed them", async () => {
    const r = exported.roots[0];
    expect(exported.roots.map((x) => x.root)).toEqual([root]);
    expect(r.partitions).toBe(8);
    expect(await series('spoolscope_root_bytes')).toEqual([{ labels: { root }, value: r.bytes }]);
    expect(await series('spoolscope_root_partitions')).toEqual([{ labels: { root }, value: 8 }]);
    expect(await series('spoolscope_root_oldest_partition_age_seconds')).toEqual([{ labels: { root }, value: r.oldestPartitionAgeSeconds }]);
  });

  it('holds held bytes per mount as the CLI printed them', async () => {
    expect(exported.held).not.toBeNull();
    const want = exported.held!.map((h) => ({ labels: { mountpoint: h.mountpoint }, value: h.bytes })).sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
    expect(await series('spoolscope_held_bytes')).toEqual(want);
  });

  it("holds the newest day's sources and ratios, the invalid UTF-8 name kept as the CLI printed it", async () => {
    const sources = exported.roots[0].sources!;
    const ratio = (pred: (n: string) => boolean) => sources.find((s) => pred(s.name))!.baselineRatio!;
    expect(ratio((n) => n === 'api')).toBeCloseTo(3, 6);
    expect(ratio((n) => n === 'worker')).toBeCloseTo(1, 6);
    expect(ratio((n) => n.startsWith('odd'))).toBeCloseTo(2, 6);
    const want = sources
      .filter((s) => s.baselineRatio !== null)
      .map((s) => ({ labels: { root, source: s.name }, value: s.baselineRatio }))
      .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
    expect(want).toHaveLength(3);
    expect(await series('spoolscope_top_source_baseline_ratio')).toEqual(want);
  });
});
