// Prometheus for real: 12 hours of one gauge cut into 2-hour TSDB blocks by the unpacked package's promtool,
// then the prometheus server on that directory (its own account, a free port of 127.0.0.1).
// - while it runs, a plan under a root holding the TSDB refuses every block (store-active, naming the server)
//   and the WAL and head chunks (store-managed: never a unit);
// - once it is stopped, a plan offers only whole block directories, oldest first, never the newest one nor
//   wal/ or chunks_head/, and asks for a typed confirmation naming the stop step.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../../support/root';
import { createBlocks, listBlocks, startPrometheus, type PromBlock, type PromServer } from '../../support/stores/prometheus';
import { planJson, storeAt, storesJson, type CliRun } from '../../support/stores/storesCli';

describe.skipIf(!isRoot)('Prometheus: real TSDB blocks under a running, then stopped, server', () => {
  let base: string;
  let root: string;
  let dataDir: string;
  let blocks: PromBlock[];
  let server: PromServer;
  let cli: CliRun;

  beforeAll(async () => {
    base = mkdtempSync('/tmp/spoolscope-prom-');
    chmodSync(base, 0o755);
    // /var/lib/prometheus/metrics2, Debian's layout.
    root = join(base, 'lib', 'prometheus');
    mkdirSync(root, { recursive: true });
    dataDir = join(root, 'metrics2');
    blocks = createBlocks(dataDir, 12);
    server = await startPrometheus(dataDir, join(base, 'etc'));
    cli = { env: { SPOOLSCOPE_DATA_DIR: join(base, 'state') } };
  });

  afterAll(async () => {
    await server?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('finds the TSDB and the server holding it', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const store = storeAt(storesJson(root, cli), 'prometheus-tsdb', dataDir);
    expect(store.reapRule).toBe('stopped-units');
    expect(store.holders.map((h) => h.pid)).toContain(server.server.pid);
  });

  it('while the server runs, refuses every block (store-active), the WAL and the head chunks (store-managed)', () => {
    const plan = planJson(root, ['--max-bytes', '0', '--keep-newest', '0'], cli);
    expect(plan.entries.filter((e) => e.path.startsWith('metrics2'))).toEqual([]);
    const skips = plan.skipped.filter((s) => s.path.startsWith('metrics2/'));
    for (const b of blocks) {
      const s = skips.find((x) => x.path === `metrics2/${b.ulid}` || x.path.startsWith(`metrics2/${b.ulid}/`));
      expect(s, b.ulid).toMatchObject({ code: 'store-active', store: dataDir });
    }
    // wal/ and chunks_head/ are no unit a reap may ever take: the store's, running or not.
    for (const s of skips) expect([s.path, s.code]).toEqual([s.path, /^metrics2\/(wal|chunks_head)(\/|$)/.test(s.path) ? 'store-managed' : 'store-active']);
    expect(skips.some((s) => s.pid === server.server.pid)).toBe(true);
  });

  it('once stopped, offers whole block directories only, oldest first, the newest kept, after a typed confirmation', async () => {
    await server.stop();
    const plan = planJson(root, ['--max-bytes', '0', '--keep-newest', '0'], cli);
    const paths = plan.entries.map((e) => e.path);
    const oldestFirst = listBlocks(dataDir).map((b) => `metrics2/${b.ulid}`);
    expect(paths, JSON.stringify({ paths, oldestFirst, skipped: plan.skipped.map((x) => [x.path, x.code]) })).toEqual(oldestFirst.slice(0, -1));
    for (const e of plan.entries) expect(e.store).toBe(dataDir);
    expect(paths.some((p) => /metrics2\/(wal|chunks_head)/.test(p))).toBe(false);
    expect(plan.confirm?.text).toBeTruthy();
    expect(plan.confirm?.prompt).toMatch(/stop/i);
    console.log(`Prometheus: ${blocks.length} blocks; stopped, the plan takes ${paths.length} whole block directories and keeps ${oldestFirst.at(-1)}; confirm: ${plan.confirm?.prompt}`);
  });
});
