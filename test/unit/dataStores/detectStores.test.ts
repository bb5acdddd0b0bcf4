import { describe, expect, it } from 'vitest';
import { managedEntries } from '../../../src/main/core/dataStores/detectStores';
import { guidanceOf } from '../../../src/main/core/dataStores/storeGuidance';
import { DirIndex } from '../../../src/main/core/dataStores/dirIndex';
import { parseStoreListing } from '../../../src/main/core/dataStores/storeRecords';
import { BINLOG, detect, JOURNAL, listingOutput, type Fixture } from './storeFixture';

const ID = 'a'.repeat(64);
const MACHINE = '0123456789abcdef0123456789abcdef';

function managedPaths(fx: Fixture, kind: string): string[] {
  const store = detect(fx).find((s) => s.kind === kind);
  if (!store) return [];
  const index = new DirIndex(parseStoreListing(listingOutput(fx)).entries);
  return managedEntries(store, index)
    .filter((e) => e.type === 'f')
    .map((e) => e.path)
    .sort();
}

describe('MySQL/MariaDB binary logs', () => {
  const fx: Fixture = {
    entries: {
      '/var/log/mysql/mysql-bin.000001': { content: BINLOG, size: 1_000_000 },
      '/var/log/mysql/mysql-bin.000002': { content: BINLOG, size: 2_000_000 },
      '/var/log/mysql/mysql-bin.000003': { content: BINLOG, size: 3_000 },
      '/var/log/mysql/mysql-bin.index': { content: './mysql-bin.000001\n./mysql-bin.000002\n./mysql-bin.000003\n' },
      '/var/log/mysql/error.log': { content: '2026-01-01 [Note] started\n' },
      '/var/log/mysql/error.log.1': { content: 'x' },
    },
  };

  it('manages the binlogs its index lists and the index, never the error log beside them', () => {
    expect(managedPaths(fx, 'mysql-binlog')).toEqual(['/var/log/mysql/mysql-bin.000001', '/var/log/mysql/mysql-bin.000002', '/var/log/mysql/mysql-bin.000003', '/var/log/mysql/mysql-bin.index']);
  });

  it('is found by the magic, not by the name: numbered files without \\xfebin are no binlogs', () => {
    const plain: Fixture = { entries: { '/srv/x/app-bin.000001': { content: 'hello' }, '/srv/x/app-bin.000002': { content: 'hello' } } };
    expect(detect(plain).filter((s) => s.kind === 'mysql-binlog')).toEqual([]);
  });

  it("orders the logs as the index does and names MySQL 8's default binlog.NNNNNN", () => {
    const mysql8: Fixture = {
      entries: {
        '/var/lib/mysql/binlog.000007': { content: BINLOG },
        '/var/lib/mysql/binlog.000008': { content: BINLOG },
        '/var/lib/mysql/binlog.index': { content: './binlog.000007\n./binlog.000008\n' },
      },
    };
    const [s] = detect(mysql8).filter((x) => x.kind === 'mysql-binlog');
    expect(s.details.binlogs?.map((b) => b.name)).toEqual(['binlog.000007', 'binlog.000008']);
    expect(s.path).toBe('/var/lib/mysql/binlog.index');
  });

  it('binlog.NNNNNN held by mariadbd stay the binlog store, not a generic WAL of their directory, and the error log beside stays plain', () => {
    const held: Fixture = {
      entries: {
        ...Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`/var/log/mysql/binlog.00000${n}`, { content: BINLOG }])),
        '/var/log/mysql/binlog.index': { content: [1, 2, 3, 4, 5].map((n) => `./binlog.00000${n}\n`).join('') },
        '/var/log/mysql/error.log': { content: 'x' },
        '/var/log/mysql/error.log.1': { content: 'x' },
      },
      processes: [{ pid: 812, comm: 'mariadbd', holds: { '/var/log/mysql/binlog.000005': 'w', '/var/log/mysql/binlog.index': 'w' } }],
    };
    expect(detect(held).map((x) => x.kind)).toEqual(['mysql-binlog']);
    expect(managedPaths(held, 'mysql-binlog')).toEqual([...[1, 2, 3, 4, 5].map((n) => `/var/log/mysql/binlog.00000${n}`), '/var/log/mysql/binlog.index']);
  });
});

describe('PostgreSQL', () => {
  const fx: Fixture = {
    entries: {
      '/var/lib/postgresql/15/main/PG_VERSION': { content: '15\n' },
      '/var/lib/postgresql/15/main/postmaster.pid': { content: '4242\n/var/lib/postgresql/15/main\n' },
      '/var/lib/postgresql/15/main/global/pg_control': { size: 8192 },
      '/var/lib/postgresql/15/main/base/1/PG_VERSION': { content: '15\n' },
      '/var/lib/postgresql/15/main/pg_wal/000000010000000000000001': { size: 16 << 20 },
      '/var/lib/postgresql/15/main/pg_wal/000000010000000000000002': { size: 16 << 20 },
      '/var/lib/postgresql/15/main/pg_wal/000000010000000000000003': { size: 16 << 20 },
      '/var/lib/postgresql/15/main/pg_wal/archive_status/000000010000000000000001.ready': { size: 0 },
      '/var/lib/postgresql/15/main/pg_replslot/forgotten_replica/state': { size: 200 },
    },
    processes: [{ pid: 4242, comm: 'postgres', args: ['/usr/lib/postgresql/15/bin/postgres', '-D', '/var/lib/postgresql/15/main'], holds: { '/var/lib/postgresql/15/main/pg_wal/000000010000000000000003': 'w' } }],
  };

  it('is one store for the whole data directory: a database directory with its own PG_VERSION and pg_wal inside are not stores of their own', () => {
    const stores = detect(fx);
    expect(stores.map((s) => `${s.kind} ${s.path}`)).toEqual(['postgresql /var/lib/postgresql/15/main']);
    expect(stores[0].details).toMatchObject({ version: '15', walSegments: 3, readyForArchive: 1, slots: ['forgotten_replica'], serverPid: 4242 });
    expect(stores[0].holders).toEqual([{ pid: 4242, comm: 'postgres', how: 'write' }]);
    expect(stores[0].evidence.map((e) => e.what).join('; ')).toMatch(/PG_VERSION \(15\).*pg_wal.*postmaster.pid \(pid 4242\).*pid 4242 \(postgres\) runs with this data directory/);
  });
});

describe('journald', () => {
  it('finds a machine-id directory by the journal magic, the active files apart from the archived', () => {
    const dir = `/var/log/journal/${MACHINE}`;
    const fx: Fixture = {
      entries: {
        [`${dir}/system.journal`]: { content: JOURNAL, size: 8 << 20 },
        [`${dir}/system@00000000000000000000000000000001-0000000000000001-0005f0e0a0b0c0d0.journal`]: { content: JOURNAL, size: 16 << 20 },
        [`${dir}/user-1000@0005f0e0a0b0c0d0-1234567890abcdef.journal~`]: { content: JOURNAL, size: 4 << 20 },
      },
      processes: [
        { pid: 300, comm: 'systemd-journal', holds: { [`${dir}/system.journal`]: 'w' } },
        { pid: 812, comm: 'rsyslogd', holds: { [`${dir}/system@00000000000000000000000000000001-0000000000000001-0005f0e0a0b0c0d0.journal`]: 'r' } },
      ],
    };
    const [s] = detect(fx);
    expect(s.kind).toBe('journald');
    expect(s.activeFiles).toEqual([`${dir}/system.journal`]);
    expect(s.details).toMatchObject({ archivedFiles: 2, archivedBytes: (20 << 20), activeBytes: 8 << 20 });
    expect(s.holders.map((h) => `${h.pid} ${h.how}`)).toEqual(['300 write', '812 read']);
  });

  it('a .journal file without the magic outside a machine-id directory is no journal', () => {
    expect(detect({ entries: { '/srv/app/notes.journal': { content: 'plain text' } } })).toEqual([]);
  });
});

describe('container logs', () => {
  it("Docker json-file: the container's log files, the active one apart; its hostconfig.json is not a log", () => {
    const dir = `/var/lib/docker/containers/${ID}`;
    const fx: Fixture = {
      entries: {
        [`${dir}/${ID}-json.log`]: { content: '{"log":"x"}\n' },
        [`${dir}/${ID}-json.log.1`]: { content: '{"log":"y"}\n' },
        [`${dir}/hostconfig.json`]: { content: '{"LogConfig":{"Type":"json-file","Config":{}}}' },
        [`${dir}/config.v2.json`]: { content: '{}' },
      },
    };
    const [s] = detect(fx);
    expect(s.kind).toBe('docker-json');
    expect(s.managedFiles.sort()).toEqual([`${dir}/${ID}-json.log`, `${dir}/${ID}-json.log.1`]);
    expect(s.activeFiles).toEqual([`${dir}/${ID}-json.log`]);
    expect(s.details).toMatchObject({ containerId: ID, logMaxSize: null });
  });

  it("Docker json-file: the container's name from config.v2.json is what its truncation asks to type, the short id beside it", () => {
    const dir = `/var/lib/docker/containers/${ID}`;
    const named = (config: string): Fixture => ({
      entries: {
        [`${dir}/${ID}-json.log`]: { content: '{"log":"x"}\n' },
        [`${dir}/hostconfig.json`]: { content: '{"LogConfig":{"Type":"json-file","Config":{}}}' },
        [`${dir}/config.v2.json`]: { content: config },
      },
    });
    const [s] = detect(named('{"ID":"x","Name":"/web-1","State":{}}'));
    expect(s.details.containerName).toBe('web-1');
    const [truncate] = guidanceOf(s).actions.filter((a) => a.command.startsWith('truncate '));
    expect(truncate.confirm).toBe('web-1');
    expect(guidanceOf(s).summary).toContain(`web-1 (${ID.slice(0, 12)})`);
    // A name that is not a plain docker name (or no name) falls back to the short id.
    const [odd] = detect(named('{"Name":"/a b $(id)"}'));
    expect(guidanceOf(odd).actions.find((a) => a.command.startsWith('truncate '))?.confirm).toBe(ID.slice(0, 12));
  });

  it('kubelet CRI: <restart>.log active, its dated rotations and .gz rotated', () => {
    const dir = '/var/log/pods/default_web-7d9_0f1e2d3c-aaaa-bbbb-cccc-123456789abc/nginx';
    const fx: Fixture = { entries: { [`${dir}/0.log`]: { content: 'a' }, [`${dir}/0.log.20260101-120000`]: { content: 'b' }, [`${dir}/0.log.20251231-120000.gz`]: { content: 'c' } } };
    const [s] = detect(fx);
    expect(s.kind).toBe('kubelet-cri');
    expect(s.activeFiles).toEqual([`${dir}/0.log`]);
    expect(s.managedFiles).toHaveLength(3);
  });
});

describe('segment stores', () => {
  it('Kafka: a log directory by meta.properties and its checkpoints, partitions by size', () => {
    const d = '/tmp/kafka-logs';
    const fx: Fixture = {
      entries: {
        [`${d}/meta.properties`]: { content: 'version=0\nbroker.id=1\ncluster.id=abc\n' },
        [`${d}/recovery-point-offset-checkpoint`]: { content: '0\n' },
        [`${d}/.lock`]: { size: 0 },
        [`${d}/orders-0/00000000000000000000.log`]: { size: 100_000 },
        [`${d}/orders-0/00000000000000000000.index`]: { size: 10_000 },
        [`${d}/orders-0/00000000000000000000.timeindex`]: { size: 10_000 },
        [`${d}/orders-0/00000000000000001000.log`]: { size: 100_000 },
        [`${d}/orders-0/00000000000000001000.index`]: { size: 10_000 },
        [`${d}/orders-0/00000000000000002000.log`]: { size: 50_000 },
        [`${d}/orders-0/leader-epoch-checkpoint`]: { content: '0\n' },
      },
    };
    const stores = detect(fx);
    // The partition directory's numbered segments beside a checkpoint are Kafka's, not a generic WAL.
    expect(stores.map((s) => s.kind)).toEqual(['kafka']);
    expect(stores[0].details.partitions?.[0].name).toBe('orders-0');
    expect(stores[0].evidence[0].what).toMatch(/broker\.id=1/);
  });

  it('Prometheus: block directories by ULID and meta.json, ordered by maxTime, wal/ and chunks_head/', () => {
    const d = '/var/lib/prometheus/metrics2';
    const fx: Fixture = {
      entries: {
        [`${d}/01HZZZZZZZZZZZZZZZZZZZZZZ1/meta.json`]: { content: '{"ulid":"x","minTime":0,"maxTime":7200000}' },
        [`${d}/01HZZZZZZZZZZZZZZZZZZZZZZ1/chunks/000001`]: { size: 5000 },
        [`${d}/01HAAAAAAAAAAAAAAAAAAAAAA2/meta.json`]: { content: '{"ulid":"y","minTime":7200000,"maxTime":14400000}' },
        [`${d}/01HAAAAAAAAAAAAAAAAAAAAAA2/chunks/000001`]: { size: 5000 },
        [`${d}/wal/00000001`]: { size: 1000 },
        [`${d}/wal/00000002`]: { size: 1000 },
        [`${d}/wal/00000003`]: { size: 1000 },
        [`${d}/chunks_head/000001`]: { size: 1000 },
        [`${d}/lock`]: { size: 0 },
      },
    };
    const stores = detect(fx);
    expect(stores.map((s) => s.kind)).toEqual(['prometheus-tsdb']);
    // ULID order is not time order: ...ZZ1 holds the older data.
    expect(stores[0].units.map((u) => u.path.slice(d.length + 1))).toEqual(['01HZZZZZZZZZZZZZZZZZZZZZZ1', '01HAAAAAAAAAAAAAAAAAAAAAA2']);
  });

  it('generic WAL: numbered segments beside a lock, or held by a writer; never a day directory or loose numbered files', () => {
    const marked: Fixture = { entries: { '/srv/steme/data/wal/segment-000001.log': {}, '/srv/steme/data/wal/segment-000002.log': {}, '/srv/steme/data/wal/segment-000003.log': {}, '/srv/steme/data/wal/LOCK': {} } };
    expect(detect(marked).map((s) => `${s.kind} ${s.path}`)).toEqual(['generic-wal /srv/steme/data/wal']);
    const held: Fixture = {
      entries: { '/srv/q/seg-000001.log': {}, '/srv/q/seg-000002.log': {}, '/srv/q/seg-000003.log': {} },
      processes: [{ pid: 77, comm: 'queued', holds: { '/srv/q/seg-000003.log': 'w' } }],
    };
    expect(detect(held).map((s) => s.kind)).toEqual(['generic-wal']);
    const loose: Fixture = { entries: { '/srv/q/seg-000001.log': {}, '/srv/q/seg-000002.log': {}, '/srv/q/seg-000003.log': {} } };
    expect(detect(loose)).toEqual([]);
    const day: Fixture = { entries: { '/srv/logs/2026-01-01/seg-000001.log': {}, '/srv/logs/2026-01-01/seg-000002.log': {}, '/srv/logs/2026-01-01/seg-000003.log': {}, '/srv/logs/2026-01-01/x.lock': {} } };
    expect(detect(day)).toEqual([]);
  });
});

describe('Elasticsearch and ClickHouse', () => {
  it('Elasticsearch 7/OpenSearch (nodes/0/node.lock) and 8 (node.lock beside _state/)', () => {
    const legacy: Fixture = { entries: { '/var/lib/elasticsearch/nodes/0/node.lock': {}, '/var/lib/elasticsearch/nodes/0/_state/global-1.st': {}, '/var/lib/elasticsearch/nodes/0/indices/u1/0/index/_0.cfs': {} } };
    expect(detect(legacy).map((s) => `${s.kind} ${s.path}`)).toEqual(['elasticsearch /var/lib/elasticsearch']);
    const modern: Fixture = { entries: { '/data/es/node.lock': {}, '/data/es/_state/manifest-1.st': {}, '/data/es/indices/u1/0/translog/translog-1.tlog': {} } };
    expect(detect(modern).map((s) => `${s.kind} ${s.path}`)).toEqual(['elasticsearch /data/es']);
  });

  it('ClickHouse: metadata/ with data/ or store/, detached and shadow bytes counted', () => {
    const d = '/var/lib/clickhouse';
    const fx: Fixture = {
      entries: {
        [`${d}/metadata/default.sql`]: { size: 100 },
        [`${d}/status`]: { size: 10 },
        [`${d}/data/default/hits/202601_1_1_0/data.bin`]: { size: 10_000 },
        [`${d}/data/default/hits/detached/broken_202512_2_2_0/data.bin`]: { size: 8192 },
        [`${d}/shadow/1/data/default/hits/202601_1_1_0/data.bin`]: { size: 4096 },
      },
    };
    const [s] = detect(fx);
    expect(s.kind).toBe('clickhouse');
    expect(s.details).toEqual({ detachedBytes: 8192, shadowBytes: 4096 });
  });
});

describe('system stores', () => {
  it('core dumps, the apt cache and snap revisions in their places', () => {
    const fx: Fixture = {
      entries: {
        '/var/lib/systemd/coredump/core.app.0.abc.123.1700000000000000.zst': { size: 1 << 20 },
        '/var/cache/apt/archives/curl_7.88_amd64.deb': { size: 300_000 },
        '/var/cache/apt/archives/partial/': null,
        '/var/cache/apt/archives/lock': {},
        '/var/lib/snapd/snaps/core22_1122.snap': { size: 70 << 20 },
        '/var/lib/snapd/snaps/core22_1380.snap': { size: 70 << 20 },
      },
    };
    expect(detect(fx).map((s) => s.kind).sort()).toEqual(['apt-cache', 'coredump', 'snap']);
    expect(detect(fx).find((s) => s.kind === 'snap')?.details.snaps?.map((r) => r.revision)).toEqual(['1122', '1380']);
  });
});

describe('hostile names', () => {
  it('a binlog set whose names hold a newline, a quote and $(...) is found and its paths kept raw', () => {
    const base = "/srv/db/we'ird\n$(id)-bin";
    const fx: Fixture = { entries: { [`${base}.000001`]: { content: BINLOG }, [`${base}.000002`]: { content: BINLOG }, [`${base}.index`]: { content: `./we'ird\n$(id)-bin.000001\n` } } };
    const [s] = detect(fx);
    expect(s.kind).toBe('mysql-binlog');
    expect(s.managedFiles).toContain(`${base}.000002`);
  });
});
