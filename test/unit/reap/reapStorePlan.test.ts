// Reap plans over data stores (issue 15): a store's match overrides the partition classifier for its files
// only; each kind's rule decides (never, rotated files only, whole units of a stopped store).
import { describe, expect, it } from 'vitest';
import { buildReapPlan } from '../../../src/main/core/reap/reapPlan';
import type { FactEntry, ReapFacts } from '../../../src/main/core/reap/reapFacts';
import { claimsUnder } from '../../../src/main/core/dataStores/storeClaims';
import { parseStoreListing } from '../../../src/main/core/dataStores/storeRecords';
import { BINLOG, detect, DEV, listingOutput, type Fixture } from '../dataStores/storeFixture';

const ROOT = '/logs';
const OLD = 1_600_000_000;
const NOW_S = 1_800_000_000;

function planOf(fx: Fixture, opts: { stores?: boolean; keepNewest?: number } = {}) {
  const listing = parseStoreListing(listingOutput(fx));
  const entries: FactEntry[] = listing.entries.filter((e) => e.path.startsWith(`${ROOT}/`)).map((e) => ({ ...e, rel: e.path.slice(ROOT.length + 1) }));
  const facts: ReapFacts = {
    root: { dev: DEV, ino: 2, mountId: 27, path: ROOT },
    configuredRoots: [{ dev: DEV, ino: 2, mountId: 27, path: ROOT }],
    declined: null,
    mountPoints: new Map(),
    filesystem: null,
    entries,
    openFds: [],
    comms: new Map(),
    locks: [],
    hiddenProcesses: 0,
    malformed: 0,
  };
  const stores = opts.stores === false ? undefined : claimsUnder(detect(fx), ROOT);
  return buildReapPlan({ planId: 'p', node: 'local', root: ROOT, configuredRoots: [ROOT], createdAt: NOW_S * 1000, facts, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: opts.keepNewest ?? 0 }, manual: null, stores }).plan;
}

const skipsOf = (p: ReturnType<typeof planOf>) => p.skipped.map((s) => `${s.code} ${s.path}`).sort();
const entriesOf = (p: ReturnType<typeof planOf>) => p.entries.map((e) => e.path).sort();

describe('reap plans over data stores', () => {
  const binlogs: Fixture = {
    entries: {
      [`${ROOT}/mysql/binlog.000001`]: { content: BINLOG, mtime: OLD },
      [`${ROOT}/mysql/binlog.000002`]: { content: BINLOG, mtime: OLD + 1 },
      [`${ROOT}/mysql/binlog.000003`]: { content: BINLOG, mtime: OLD + 2 },
      [`${ROOT}/mysql/binlog.index`]: { content: './binlog.000001\n./binlog.000002\n./binlog.000003\n', mtime: OLD },
      [`${ROOT}/mysql/error.log.1`]: { content: 'x', mtime: OLD },
      [`${ROOT}/mysql/error.log.2.gz`]: { content: 'x', mtime: OLD },
      [`${ROOT}/mysql/error.log`]: { content: 'x', mtime: OLD },
    },
  };

  it("skips a binlog set store-managed with a pointer to its guidance; the error log's rotations beside it stay plannable", () => {
    const p = planOf(binlogs);
    expect(skipsOf(p)).toEqual(['store-managed mysql/binlog.000001', 'store-managed mysql/binlog.000002', 'store-managed mysql/binlog.000003', 'store-managed mysql/binlog.index']);
    expect(entriesOf(p)).toEqual(['mysql/error.log.1', 'mysql/error.log.2.gz']);
    const skip = p.skipped[0];
    expect(skip.store).toBe(`${ROOT}/mysql/binlog.index`);
    expect(skip.reason).toMatch(/instead: PURGE BINARY LOGS TO 'binlog.000003';/);
    expect(p.guidance?.map((g) => `${g.kind} ${g.path}`)).toEqual([`mysql-binlog ${ROOT}/mysql/binlog.index`]);
  });

  it('without the store found, a file named like a binlog is still never planned (by name alone)', () => {
    const p = planOf(binlogs, { stores: false });
    expect(skipsOf(p).filter((s) => s.includes('binlog'))).toHaveLength(3);
    expect(p.skipped.find((s) => s.path === 'mysql/binlog.000001')?.reason).toMatch(/named like a mysql-binlog file/);
  });

  it('numbered segments with no store (no marker, no writer) stay ordinary partitions', () => {
    // The regression the issue opens with: the name is a "segment" to the classifier.
    const p = planOf({ entries: { [`${ROOT}/x/seg-000001.log`]: { mtime: OLD }, [`${ROOT}/x/seg-000002.log`]: { mtime: OLD } } });
    expect(entriesOf(p)).toEqual(['x/seg-000001.log', 'x/seg-000002.log']);
  });

  it('a generic WAL held by a writer is skipped store-active, every segment, naming the process', () => {
    const fx: Fixture = {
      entries: { [`${ROOT}/wal/seg-000001.log`]: { mtime: OLD }, [`${ROOT}/wal/seg-000002.log`]: { mtime: OLD + 1 }, [`${ROOT}/wal/seg-000003.log`]: { mtime: OLD + 2 }, [`${ROOT}/app.log.1`]: { mtime: OLD } },
      processes: [{ pid: 99, comm: 'stemedb', holds: { [`${ROOT}/wal/seg-000003.log`]: 'w' } }],
    };
    const p = planOf(fx);
    expect(skipsOf(p)).toEqual(['store-active wal/seg-000001.log', 'store-active wal/seg-000002.log', 'store-active wal/seg-000003.log']);
    expect(p.skipped[0]).toMatchObject({ pid: 99, comm: 'stemedb', store: `${ROOT}/wal` });
    expect(entriesOf(p)).toEqual(['app.log.1']);
    expect(p.confirm).toBeUndefined();
  });

  it('a stopped generic WAL offers whole segments (a Kafka-style segment with its indexes as one), keeps the newest, and asks for a typed confirmation naming its stop step', () => {
    const fx: Fixture = {
      entries: {
        [`${ROOT}/wal/00000000000000000000.log`]: { mtime: OLD },
        [`${ROOT}/wal/00000000000000000000.index`]: { mtime: OLD },
        [`${ROOT}/wal/00000000000000001000.log`]: { mtime: OLD + 10 },
        [`${ROOT}/wal/00000000000000001000.index`]: { mtime: OLD + 10 },
        [`${ROOT}/wal/00000000000000002000.log`]: { mtime: OLD + 20 },
        [`${ROOT}/wal/LOCK`]: { mtime: OLD },
      },
    };
    const p = planOf(fx);
    expect(entriesOf(p)).toEqual(['wal/00000000000000000000.log', 'wal/00000000000000001000.log']);
    expect(p.entries[0].files.map((f) => f.path).sort()).toEqual(['wal/00000000000000000000.index', 'wal/00000000000000000000.log']);
    expect(p.entries.every((e) => e.store === `${ROOT}/wal`)).toBe(true);
    expect(skipsOf(p)).toEqual(['floor wal/00000000000000002000.log']);
    expect(p.confirm?.text).toBe(`${ROOT}/wal`);
    expect(p.confirm?.prompt).toMatch(/stop the process that writes \/logs\/wal/);
  });

  it('a stopped Prometheus offers whole block directories, oldest maxTime first, never wal/ or chunks_head/', () => {
    const d = `${ROOT}/prom`;
    const fx: Fixture = {
      entries: {
        [`${d}/01HZZZZZZZZZZZZZZZZZZZZZZ1/meta.json`]: { content: '{"maxTime":1000}', mtime: OLD + 50 },
        [`${d}/01HZZZZZZZZZZZZZZZZZZZZZZ1/chunks/000001`]: { size: 5000, mtime: OLD + 50 },
        [`${d}/01HZZZZZZZZZZZZZZZZZZZZZZ1/index`]: { size: 500, mtime: OLD + 50 },
        [`${d}/01HAAAAAAAAAAAAAAAAAAAAAA2/meta.json`]: { content: '{"maxTime":2000}', mtime: OLD + 60 },
        [`${d}/01HAAAAAAAAAAAAAAAAAAAAAA2/chunks/000001`]: { size: 5000, mtime: OLD + 60 },
        [`${d}/01HMMMMMMMMMMMMMMMMMMMMMM3/meta.json`]: { content: '{"maxTime":3000}', mtime: OLD + 70 },
        [`${d}/01HMMMMMMMMMMMMMMMMMMMMMM3/chunks/000001`]: { size: 5000, mtime: OLD + 70 },
        [`${d}/wal/00000001`]: { mtime: OLD },
        [`${d}/wal/00000002`]: { mtime: OLD },
        [`${d}/chunks_head/000001`]: { mtime: OLD },
      },
    };
    const p = planOf(fx);
    expect(entriesOf(p)).toEqual(['prom/01HAAAAAAAAAAAAAAAAAAAAAA2', 'prom/01HZZZZZZZZZZZZZZZZZZZZZZ1']);
    expect(p.entries.find((e) => e.path.endsWith('ZZ1'))?.files.map((f) => f.path).sort()).toEqual([
      'prom/01HZZZZZZZZZZZZZZZZZZZZZZ1',
      'prom/01HZZZZZZZZZZZZZZZZZZZZZZ1/chunks',
      'prom/01HZZZZZZZZZZZZZZZZZZZZZZ1/chunks/000001',
      'prom/01HZZZZZZZZZZZZZZZZZZZZZZ1/index',
      'prom/01HZZZZZZZZZZZZZZZZZZZZZZ1/meta.json',
    ]);
    expect(skipsOf(p)).toEqual(['floor prom/01HMMMMMMMMMMMMMMMMMMMMMM3', 'store-managed prom/chunks_head/000001', 'store-managed prom/wal/00000001', 'store-managed prom/wal/00000002']);
    expect(p.confirm?.prompt).toMatch(/systemctl stop prometheus/);
  });

  it("Docker: a container's rotated logs are ordinary, its active log never planned, its config untouched", () => {
    const id = 'b'.repeat(64);
    const dir = `${ROOT}/containers/${id}`;
    const fx: Fixture = { entries: { [`${dir}/${id}-json.log`]: { content: '{}', mtime: OLD }, [`${dir}/${id}-json.log.1`]: { content: '{}', mtime: OLD }, [`${dir}/${id}-json.log.2.gz`]: { content: '{}', mtime: OLD }, [`${dir}/hostconfig.json`]: { content: '{}', mtime: OLD } } };
    const p = planOf(fx);
    expect(entriesOf(p)).toEqual([`containers/${id}/${id}-json.log.1`, `containers/${id}/${id}-json.log.2.gz`]);
  });

  it('a hand-picked store partition is skipped store-managed, not "not a partition"', () => {
    const listing = parseStoreListing(listingOutput(binlogs));
    const entries = listing.entries.filter((e) => e.path.startsWith(`${ROOT}/`)).map((e) => ({ ...e, rel: e.path.slice(ROOT.length + 1) }));
    const facts: ReapFacts = { root: { dev: DEV, ino: 2, mountId: 27, path: ROOT }, configuredRoots: [{ dev: DEV, ino: 2, mountId: 27, path: ROOT }], declined: null, mountPoints: new Map(), filesystem: null, entries, openFds: [], comms: new Map(), locks: [], hiddenProcesses: 0, malformed: 0 };
    const p = buildReapPlan({ planId: 'p', node: 'local', root: ROOT, configuredRoots: [ROOT], createdAt: NOW_S * 1000, facts, policy: { maxBytes: null, maxAgeDays: null, keepNewest: 0 }, manual: ['mysql/binlog.000001', 'mysql/error.log.1'], stores: claimsUnder(detect(binlogs), ROOT) }).plan;
    expect(skipsOf(p)).toEqual(['store-managed mysql/binlog.000001']);
    expect(entriesOf(p)).toEqual(['mysql/error.log.1']);
  });
});
