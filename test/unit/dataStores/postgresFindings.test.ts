// The PostgreSQL findings parser and what it tells, on the probe's output as a real PostgreSQL 15 printed it
// (an inactive physical slot pinning 379 MiB, a failing archive_command) and on the answers of a probe that
// could not ask the server: every reason reads as one finding saying why, and the file-based findings stay.
import { describe, expect, it } from 'vitest';
import { enrichPostgresStore, parsePgFindings, pgFindingsArgs, settingBytes, tellPostgres } from '../../../src/main/core/dataStores/postgresFindings';
import type { DataStore } from '../../../src/shared/dataStoreModels';

const CONF = '/var/lib/postgresql/15/main/postgresql.conf';
/** Recorded from resources/probe/pg-findings.sh against a cluster of test/support/stores/postgres.ts. */
const RECORDED = [
  'P\tpostgres\t12950\t5432\t/var/run/postgresql\t/usr/lib/postgresql/15/bin/psql',
  'V\t150020\tf',
  'S\tforgotten_replica\tphysical\tf\textended\t397338408\t',
  'S\tlive_standby\tphysical\tt\treserved\t1048576\t',
  'A\t0\t3\t000000010000000000000001\t1796609641\t\t\ton',
  'Q\t4',
  `C\tmax_slot_wal_keep_size\t-1\tMB\tdefault\t${CONF}`,
  `C\tmax_wal_size\t32\tMB\tcommand line\t${CONF}`,
  `C\tmin_wal_size\t32\tMB\tcommand line\t${CONF}`,
  `C\twal_keep_size\t0\tMB\tdefault\t${CONF}`,
  `C\twal_segment_size\t16777216\tB\tdefault\t${CONF}`,
  'W\t25\t419430400',
  'X\t0\t',
]
  .map((r) => `${r}\0`)
  .join('');

function store(): DataStore {
  return {
    kind: 'postgresql',
    path: '/var/lib/postgresql/15/main',
    bytes: 500 << 20,
    files: 900,
    reapRule: 'never',
    holders: [],
    evidence: [{ what: 'PG_VERSION (15)', path: '/var/lib/postgresql/15/main/PG_VERSION' }],
    findings: [
      { code: 'wal-size', text: 'pg_wal holds 25 WAL segments, 400 MiB', bytes: 419430400 },
      { code: 'replication-slot', text: 'replication slot forgotten_replica exists (pg_replslot/forgotten_replica)', bytes: null },
    ],
    actions: [
      { id: null, command: 'SELECT slot_name FROM pg_replication_slots;', summary: 'read-only', runnableBy: 'operator', risk: 'low', expectedFreeBytes: null, confirm: null },
      { id: null, command: "SELECT pg_drop_replication_slot('forgotten_replica'); CHECKPOINT;", summary: 'x', runnableBy: 'operator', risk: 'service-impact', expectedFreeBytes: null, confirm: null },
      { id: null, command: "SELECT pg_drop_replication_slot('live_standby'); CHECKPOINT;", summary: 'x', runnableBy: 'operator', risk: 'service-impact', expectedFreeBytes: null, confirm: null },
    ],
    configHints: [{ file: CONF, key: 'max_wal_size', current: null, suggested: '1GB', takesEffect: 'x' }],
  };
}

describe('parsing the pg-findings probe', () => {
  it('asks with its marker and the raw data directory', () => {
    expect(pgFindingsArgs('/srv/pg "data"\n')).toEqual(['spoolscope-pg-findings', '/srv/pg "data"\n']);
  });

  it('reads every record of a real answer', () => {
    const p = parsePgFindings(RECORDED);
    expect(p.ran).toEqual({ owner: 'postgres', pid: 12950, port: 5432, socketDir: '/var/run/postgresql', psql: '/usr/lib/postgresql/15/bin/psql' });
    expect(p.cannot).toBeNull();
    expect(p.versionNum).toBe(150020);
    expect(p.slots).toEqual([
      { name: 'forgotten_replica', type: 'physical', active: false, walStatus: 'extended', retainedBytes: 397338408, database: '' },
      { name: 'live_standby', type: 'physical', active: true, walStatus: 'reserved', retainedBytes: 1048576, database: '' },
    ]);
    expect(p.archiver).toEqual({ archived: 0, failed: 3, lastFailedWal: '000000010000000000000001', lastFailedAt: 1796609641, lastArchivedWal: '', lastArchivedAt: null, archiveMode: 'on' });
    expect(p.readyForArchive).toBe(4);
    expect(p.settings.map((s) => s.name)).toEqual(['max_slot_wal_keep_size', 'max_wal_size', 'min_wal_size', 'wal_keep_size', 'wal_segment_size']);
    expect(p.wal).toEqual({ segments: 25, bytes: 419430400 });
    expect([p.psqlExit, p.psqlError, p.unreadRecords]).toEqual([0, '', 0]);
  });

  it('counts what it does not understand, and never reads a record cut short', () => {
    const p = parsePgFindings('S\ta\tphysical\tf\textended\t5\t\0Z\tnew\0S\tonly\tthree\0W\t3\t300');
    expect(p.slots.map((s) => s.name)).toEqual(['a']);
    expect(p.unreadRecords).toBe(2);
    expect(p.wal).toBeNull();
  });

  it('reads sizes in their units, and -1 as no limit', () => {
    expect(settingBytes({ name: 'max_wal_size', value: '64', unit: 'MB', source: '', file: '' })).toBe(64 << 20);
    expect(settingBytes({ name: 'x', value: '16777216', unit: 'B', source: '', file: '' })).toBe(16 << 20);
    expect(settingBytes({ name: 'x', value: '-1', unit: 'MB', source: '', file: '' })).toBeNull();
    expect(settingBytes(undefined)).toBeNull();
  });
});

describe('what the server says retains pg_wal', () => {
  const told = tellPostgres(parsePgFindings(RECORDED));

  it('names the inactive slot and its bytes first, then the active one, the archiver and pg_wal against max_wal_size', () => {
    expect(told.unavailable).toBeNull();
    expect(told.findings).toEqual([
      { code: 'replication-slot-inactive', text: 'replication slot `forgotten_replica` is inactive and retains 379 MiB', bytes: 397338408 },
      { code: 'replication-slot', text: 'replication slot `live_standby` is active and retains 1.00 MiB (its consumer is connected; a lagging one)', bytes: 1048576 },
      {
        code: 'archive-failing',
        text: 'archive_command is failing: 3 failures, the last on 000000010000000000000001 at 2026-12-07T02:14:01.000Z, nothing archived yet; 4 WAL segments wait for it and stay in pg_wal until it succeeds',
        bytes: 4 * 16 * 1024 * 1024,
      },
      { code: 'wal-over-max', text: 'the server counts 400 MiB in pg_wal (25 files), 12x max_wal_size (32.0 MiB): something retains WAL (above)', bytes: 419430400 },
    ]);
  });

  it('fills the hints with the values the server runs with, from the file it read them from', () => {
    expect(told.configHints.map((h) => [h.file, h.key, h.current, h.suggested])).toEqual([
      [CONF, 'max_slot_wal_keep_size', '-1 (unlimited)', '10GB'],
      [CONF, 'wal_keep_size', '0', '0'],
      [CONF, 'max_wal_size', '32MB', '1GB'],
    ]);
  });

  it('offers a drop only for the inactive slot, freeing pg_wal down to what is kept anyway: here the 4 segments the archiver has not taken', () => {
    expect(told.actions).toHaveLength(1);
    expect(told.actions[0]).toMatchObject({ command: "SELECT pg_drop_replication_slot('forgotten_replica'); CHECKPOINT;", runnableBy: 'operator', risk: 'service-impact', expectedFreeBytes: 419430400 - 4 * (16 << 20) });
    const archived = tellPostgres(parsePgFindings(RECORDED.replace('Q\t4\0', 'Q\t0\0')));
    expect(archived.actions[0].expectedFreeBytes).toBe(419430400 - (32 << 20));
  });

  it('a slot the archiver keeps nothing for, a lost slot and a succeeding archiver say so', () => {
    const t = tellPostgres(parsePgFindings(['P\tpg\t1\t5432\t/s\t/p', "S\tsub'x\tlogical\tf\tlost\t\tshop", 'A\t10\t2\tw1\t100\tw2\t200\ton', 'X\t0\t'].map((r) => `${r}\0`).join('')));
    expect(t.findings).toEqual([{ code: 'replication-slot', text: "logical replication slot `sub'x` (database shop) is inactive and retains no WAL; its WAL is already lost (wal_status lost): its consumer must be rebuilt", bytes: 0 }]);
    expect(t.actions).toEqual([]);
  });
});

describe('when the server could not be asked', () => {
  const cases: [string, RegExp][] = [
    ['R\tnot-running\tno postmaster.pid: the server is not running', /\(not-running\): no postmaster\.pid: the server is not running$/],
    ['R\tno-psql\tno psql beside the server', /\(no-psql\)/],
    ['R\tno-runuser\tno runuser to run psql as postgres', /\(no-runuser\)/],
    ['R\tsocket-absent\tno socket /run/postgresql/.s.PGSQL.5432', /\(socket-absent\): no socket/],
    ['R\towner-unknown\tuid 4242 owns /d but has no user name', /\(owner-unknown\)/],
    ['R\tno-socket\tthe server listens on no Unix socket', /\(no-socket\)/],
    ['R\tnot-owner\trunning as alice, neither root nor postgres', /\(not-owner\)/],
    ['R\tunsafe\troot owns /tmp: PostgreSQL never runs as root, so it is not a live cluster', /\(unsafe\): root owns \/tmp/],
    ['P\tpostgres\t7\t5432\t/run/postgresql\t/usr/bin/psql\0X\t2\tpsql: error: connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: FATAL:  role "postgres" does not exist', /^psql as postgres over \/run\/postgresql failed \(exit 2\): psql: error: .*role "postgres" does not exist$/],
    ['P\tpostgres\t7\t5432\t/run/postgresql\t/usr/bin/psql\0X\t124\t', /timed out$/],
    ['P\tpostgres\t7\t5432\t/run/postgresql\t/usr/bin/psql', /did not finish$/],
  ];

  it.each(cases)('%s: one finding says why, the files\' findings and commands stay', (out, why) => {
    const s = enrichPostgresStore(store(), parsePgFindings(`${out}\0`));
    expect(s.findings.slice(0, 2)).toEqual(store().findings);
    expect(s.findings).toHaveLength(3);
    expect(s.findings[2].code).toBe('pg-findings-unavailable');
    expect(s.findings[2].text).toMatch(why);
    expect(s.actions).toEqual(store().actions);
  });

  it('shows a hostile detail as text on one line', () => {
    const s = enrichPostgresStore(store(), parsePgFindings('R\tno-data-dir\t/x\u001b[2J\nis not a directory here\0'));
    expect(s.findings[2].text).toBe('the server was not asked what retains pg_wal (no-data-dir): /x\\x1b[2J\\nis not a directory here');
  });
});

describe('the store with the server answer in it', () => {
  it('replaces the slot guesses from pg_replslot, fills the hints, and keeps one drop command, for the inactive slot', () => {
    const s = enrichPostgresStore(store(), parsePgFindings(RECORDED));
    expect(s.findings.map((f) => f.code)).toEqual(['wal-size', 'replication-slot-inactive', 'replication-slot', 'archive-failing', 'wal-over-max']);
    expect(s.configHints.find((h) => h.key === 'max_wal_size')?.current).toBe('32MB');
    expect(s.configHints.filter((h) => h.key === 'max_wal_size')).toHaveLength(1);
    expect(s.actions.map((a) => a.command)).toEqual(['SELECT slot_name FROM pg_replication_slots;', "SELECT pg_drop_replication_slot('forgotten_replica'); CHECKPOINT;"]);
  });
});
