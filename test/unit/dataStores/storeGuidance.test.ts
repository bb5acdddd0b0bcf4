import { describe, expect, it } from 'vitest';
import { guidanceOf, toDataStore } from '../../../src/main/core/dataStores/storeGuidance';
import { BINLOG, detect, JOURNAL } from './storeFixture';

describe('store guidance', () => {
  it("MariaDB: PURGE BINARY LOGS TO the newest log, freeing the older ones' bytes", () => {
    const [s] = detect({
      entries: {
        '/var/log/mysql/mysql-bin.000001': { content: BINLOG, size: 40960 },
        '/var/log/mysql/mysql-bin.000002': { content: BINLOG, size: 8192 },
        '/var/log/mysql/mysql-bin.index': { content: './mysql-bin.000001\n./mysql-bin.000002\n' },
      },
    });
    const g = guidanceOf(s);
    const purge = g.actions.find((a) => a.command.startsWith('PURGE'));
    expect(purge).toMatchObject({ command: "PURGE BINARY LOGS TO 'mysql-bin.000002';", runnableBy: 'operator', risk: 'data-loss', expectedFreeBytes: 40960, id: null });
    expect(g.summary).toMatch(/never unlinked/);
  });

  it('PostgreSQL: a slot named with a quote is dropped by a correctly quoted literal, after the read-only queries', () => {
    const [s] = detect({ entries: { '/pg/PG_VERSION': { content: '15\n' }, "/pg/pg_replslot/o'brien/state": {}, '/pg/pg_wal/000000010000000000000001': {} } });
    const store = toDataStore(s);
    expect(store.reapRule).toBe('never');
    expect(store.actions[0].command).toMatch(/^SELECT slot_name.*FROM pg_replication_slots/);
    expect(store.actions.map((a) => a.command)).toContain("SELECT pg_drop_replication_slot('o''brien'); CHECKPOINT;");
    expect(store.findings.map((f) => f.code)).toEqual(['wal-size', 'replication-slot']);
  });

  it('journald: journalctl --vacuum-size, the directory shell-quoted, expecting the archived bytes', () => {
    const dir = "/var/log/journal/0123456789abcdef0123456789abcdef.it's";
    const [s] = detect({ entries: { [`${dir}/system.journal`]: { content: JOURNAL, size: 4096 }, [`${dir}/system@0000000000000001-0000000000000002.journal~`]: { content: JOURNAL, size: 1 << 20 } } });
    const vacuum = toDataStore(s).actions[0];
    expect(vacuum.command).toBe(`journalctl --directory='${dir.replace("'", "'\\''")}' --vacuum-size=1M`);
    expect(vacuum.expectedFreeBytes).toBe(1 << 20);
  });
});
