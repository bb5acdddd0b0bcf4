import { describe, expect, it } from 'vitest';
import { classifyFile, isDayDirectory } from '../../../src/main/core/common/partitionPatterns';

describe('day directory detection', () => {
  it.each([
    ['120', ['2026'], true],
    ['001', ['2026', 'core'], true],
    ['367', ['2026'], false],
    ['120', ['core'], false],
    ['30', ['04', '2026'], true],
    ['32', ['04', '2026'], false],
    ['30', ['13', '2026'], false],
    ['04', ['2026'], false],
    ['2026-04-30', [], true],
    ['2026-13-01', [], false],
    ['2026', [], false],
    ['logs', ['2026'], false],
  ])('%s under %j -> %s', (name, ancestors, expected) => {
    expect(isDayDirectory(name, ancestors)).toBe(expected);
  });
});

describe('file classification', () => {
  it.each([
    ['logs.sqlite', 'logs.sqlite', 'sqlite'],
    ['logs.sqlite-wal', 'logs.sqlite', 'sqlite'],
    ['logs.sqlite-shm', 'logs.sqlite', 'sqlite'],
    ['store.db-journal', 'store.db', 'sqlite'],
    ['app.log.3.gz', 'app.log.3.gz', 'rotated'],
    ['syslog.1', 'syslog.1', 'rotated'],
    ['app.log-20260430.gz', 'app.log-20260430.gz', 'rotated'],
    ['app.log.2026-04-30', 'app.log.2026-04-30', 'rotated'],
    ['0.log.20260430-120000', '0.log.20260430-120000', 'rotated'],
    ['0.log.20260430-120000.gz', '0.log.20260430-120000.gz', 'rotated'],
    ['seg-000042.log', 'seg-000042.log', 'segment'],
    ['00000000000000123456.log', '00000000000000123456.log', 'segment'],
    ['wal_00017', 'wal_00017', 'segment'],
    ['app.log', 'app.log', null],
    ['notes-wal', 'notes-wal', null],
    ['2026-04-30.txt', '2026-04-30.txt', null],
  ])('%s -> group %s, %s', (name, groupKey, partition) => {
    expect(classifyFile(name)).toEqual({ groupKey, partition });
  });
});

describe('data-store names (issue 15)', () => {
  it.each(['.log', '.index', '.timeindex', '.snapshot', '.txnindex', '.log.deleted', '.index.cleaned'])('a Kafka segment%s is one unit with its log', (ext) => {
    expect(classifyFile(`00000000000000001000${ext}`)).toEqual({ groupKey: '00000000000000001000.log', partition: 'segment' });
  });

  it.each([
    ['binlog.000001', undefined, 'mysql-binlog'],
    ['mysql-bin.000042', undefined, 'mysql-binlog'],
    ['db7-relay-bin.000003', undefined, 'mysql-binlog'],
    ['000000010000000000000001', 'pg_wal', 'postgresql'],
    ['000000010000000000000001.partial', 'pg_wal', 'postgresql'],
    ['00000002.history', 'pg_wal', 'postgresql'],
    ['00000012', 'wal', 'prometheus-tsdb'],
    ['000001', 'chunks_head', 'prometheus-tsdb'],
  ])('%s (in %s) is named like a %s file', (name, parent, hint) => {
    expect(classifyFile(name, parent).storeHint).toBe(hint);
  });

  it.each([
    ['seg-000042.log', 'wal'],
    ['00000012', 'data'],
    ['app.log.1', undefined],
  ])('%s (in %s) carries no store hint', (name, parent) => {
    expect(classifyFile(name, parent).storeHint).toBeUndefined();
  });
});
