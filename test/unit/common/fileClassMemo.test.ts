// The scan classifies a run of same-shaped names once: whatever the names, the memo must give exactly what
// classifyFile gives, key, kind and store hint, including the names that only look alike.
import { describe, expect, it } from 'vitest';
import { FileClassMemo, sameShape } from '../../../src/main/core/common/fileClassMemo';
import { classifyFile } from '../../../src/main/core/common/partitionPatterns';
import { Rng } from '../../support/seededRandom';

const STEMS = ['seg', 'wal', 'app', 'mysql-bin', 'binlog', 'host-relay-bin', 'bin', 'db', 'logs', 'x1', 'A', 'F0', ''];
const SEPARATORS = ['-', '_', '.', ''];
const SUFFIXES = [
  '.log', '.index', '.timeindex', '.snapshot', '.txnindex', '.log.deleted', '.index.cleaned', '.log.swap', '.gz', '.xz', '.zst',
  '.sqlite', '.db', '.sqlite-wal', '.db-shm', '.db3-journal', '.partial', '.history', '.backup', '.json', '.1', '.log.3.gz', '',
];

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

/** Names near every pattern's edges: digit runs of 1 to 26, upper-case hex (PostgreSQL WAL), dates, stems. */
function freshName(rng: Rng): string {
  const kind = rng.int(0, 6);
  if (kind === 5) return `${rng.pick(['mysql-bin', 'binlog', 'host-relay-bin', 'bin'])}.${digits(rng, rng.int(5, 8))}`;
  if (kind === 6) return digits(rng, 24) + rng.pick(['', '.partial']);
  if (kind === 0) {
    let hex = '';
    const n = rng.pick([8, 24, 23, 25]);
    for (let i = 0; i < n; i++) hex += rng.pick('0123456789ABCDEF'.split(''));
    return hex + rng.pick(['', '.partial', '.history', '.00000028.backup']);
  }
  if (kind === 1) return `${rng.pick(STEMS)}${rng.pick(SEPARATORS)}${digits(rng, 8)}${rng.pick(['', '-' + digits(rng, 6)])}${rng.pick(['', '.gz'])}`;
  if (kind === 2) return `app.log.${digits(rng, 4)}-${digits(rng, 2)}-${digits(rng, 2)}${rng.pick(['', '.gz'])}`;
  return `${rng.pick(STEMS)}${rng.pick(SEPARATORS)}${digits(rng, rng.int(1, 26))}${rng.pick(SUFFIXES)}`;
}

/** The same shape with other digits: what a segment directory lists name after name. */
function sameShapeAs(rng: Rng, name: string): string {
  return name.replace(/\d/g, () => String(rng.int(0, 9)));
}

describe('FileClassMemo', () => {
  it('classifies every name exactly as classifyFile does, over 40,000 seeded names in runs of one shape', () => {
    const rng = new Rng(17);
    const memo = new FileClassMemo();
    let name = freshName(rng);
    const viaMemo = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const next = rng.chance(0.7) ? sameShapeAs(rng, name) : freshName(rng);
      const same = sameShape(next, name) && next !== name;
      name = next;
      const want = classifyFile(name);
      expect(memo.classify(name), name).toEqual(want);
      const what = `${want.partition}/${want.storeHint ?? ''}`;
      if (same) viaMemo.set(what, (viaMemo.get(what) ?? 0) + 1);
    }
    // Every kind of answer was given from the memo many times, not only by the patterns.
    for (const what of ['segment/', 'rotated/', 'sqlite/', 'null/', 'segment/postgresql', 'null/mysql-binlog', 'segment/mysql-binlog']) {
      expect(viaMemo.get(what) ?? 0, what).toBeGreaterThan(100);
    }
  });

  it('gives each Kafka segment file its own segment key and SQLite files their base', () => {
    const memo = new FileClassMemo();
    expect(memo.classify('00000000000000000042.index')).toEqual({ groupKey: '00000000000000000042.log', partition: 'segment' });
    expect(memo.classify('00000000000000000777.index')).toEqual({ groupKey: '00000000000000000777.log', partition: 'segment' });
    expect(memo.classify('logs2026.sqlite-wal')).toEqual({ groupKey: 'logs2026.sqlite', partition: 'sqlite' });
    expect(memo.classify('logs2027.sqlite-wal')).toEqual({ groupKey: 'logs2027.sqlite', partition: 'sqlite' });
  });

  it('takes names of one length that differ in a non-digit as different shapes', () => {
    expect(sameShape('seg-00001.log', 'seg-99999.log')).toBe(true);
    expect(sameShape('seg-00001.log', 'seg-0000a.log')).toBe(false);
    expect(sameShape('seg-00001.log', 'seg-00001.lo')).toBe(false);
    // Digits beside a letter may be a pattern's own text: db3 is SQLite, db6 is not; bz2 compressed, bz7 not.
    expect(sameShape('x.db3-journal', 'x.db6-journal')).toBe(false);
    expect(sameShape('app.log.1.bz2', 'app.log.1.bz7')).toBe(false);
    expect(sameShape('event_1f_3a.json', 'event_2f_3a.json')).toBe(false);
    expect(sameShape('app.log.1.bz2', 'app.log.7.bz2')).toBe(true);
    const memo = new FileClassMemo();
    expect(memo.classify('app.log.1').partition).toBe('rotated');
    expect(memo.classify('app.log.x').partition).toBe(null);
  });
});
