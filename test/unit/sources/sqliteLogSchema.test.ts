import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { detectLogSchema, quoteIdent, sourceIndexOf, type SqliteLogSchema, type SqliteTable } from '../../../src/main/core/sources/sqliteLogSchema';
import { immutableUri, samplingFromRows, samplingStatements, schemaStatements, shapeFor, tablesFromRows, unhex, type SamplingShape } from '../../../src/main/core/sources/sqliteSamplingSql';

const table = (name: string, ...cols: string[]): SqliteTable => ({ name, columns: cols.map((c) => ({ name: c, type: 'TEXT' })) });

describe('log table detection', () => {
  it('finds the lab layout: logs(id, ts, src, level, msg)', () => {
    const r = detectLogSchema([table('logs', 'id', 'ts', 'src', 'level', 'msg')]);
    expect(r).toEqual({ ok: true, schema: { table: 'logs', source: 'src', time: 'ts', message: 'msg', from: 'detected' } });
  });

  it.each([
    [['service', 'timestamp', 'message'], { source: 'service', time: 'timestamp', message: 'message' }],
    [['Unit', 'Time', 'Line'], { source: 'Unit', time: 'Time', message: 'Line' }],
    [['app', 'created_at', 'body'], { source: 'app', time: 'created_at', message: 'body' }],
    [['source', 'msg'], { source: 'source', time: null, message: 'msg' }],
  ])('columns %j', (cols, expected) => {
    const r = detectLogSchema([table('entries', ...cols)]);
    expect(r.ok && r.schema).toMatchObject(expected);
  });

  it('prefers the table with a message and a time column, then a log-like name', () => {
    const r = detectLogSchema([table('jobs', 'service', 'state'), table('events', 'service', 'ts', 'message'), table('zlog', 'app', 'ts', 'message')]);
    expect(r.ok && r.schema.table).toBe('events');
  });

  it('ignores sqlite_ internal tables', () => {
    const r = detectLogSchema([table('sqlite_stat1', 'tbl', 'idx', 'stat')]);
    expect(r.ok).toBe(false);
  });

  it('a schema with unexpected names says which tables it saw and how to override', () => {
    const r = detectLogSchema([table('rows', 'who', 'when_', 'what')]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('rows(who, when_, what)');
      expect(r.reason).toContain('override');
    }
  });

  it('an override names the columns detection cannot guess', () => {
    const r = detectLogSchema([table('rows', 'who', 'when_', 'what')], { table: 'rows', source: 'who', time: 'when_', message: 'what' });
    expect(r).toEqual({ ok: true, schema: { table: 'rows', source: 'who', time: 'when_', message: 'what', from: 'override' } });
  });

  it('an override naming a column the table lacks is refused with the columns it has', () => {
    const r = detectLogSchema([table('rows', 'who', 'what')], { table: 'rows', source: 'nope' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/"nope" is not in table "rows" \(columns: who, what\)/);
  });
});

describe('SQL built from detected identifiers', () => {
  it('quotes every identifier, doubling inner quotes, so a hostile column name stays one identifier', () => {
    expect(quoteIdent('src')).toBe('"src"');
    expect(quoteIdent('a"; DROP TABLE logs; --')).toBe('"a""; DROP TABLE logs; --"');
    const sql = samplingStatements({ table: 'lo"gs', source: 's"rc', time: null, message: 'm', from: 'detected' }, { strata: 2, rowsPerStratum: 5, tailRows: 7, sourceRows: 3, sourceCountCap: 100, maxSources: 10 }, true);
    expect(sql).toHaveLength(4);
    for (const s of sql) expect(s).toContain('FROM "lo""gs"');
    expect(sql[1]).toContain('hex("s""rc")');
    expect(sql[3]).toMatch(/ORDER BY rowid DESC LIMIT 7$/);
  });

  it('builds an immutable read-only URI with every special byte percent-encoded', () => {
    expect(immutableUri('/a b/x?y#z%.sqlite')).toBe('file:/a%20b/x%3Fy%23z%25.sqlite?mode=ro&immutable=1');
    expect(immutableUri('/f\xff\xfe.db')).toBe('file:/f%FF%FE.db?mode=ro&immutable=1');
    expect(immutableUri(Buffer.from('/журнал').toString('latin1'))).toBe('file:/%D0%B6%D1%83%D1%80%D0%BD%D0%B0%D0%BB?mode=ro&immutable=1');
  });

  it('hex round-trips UTF-8 text', () => {
    expect(unhex(Buffer.from('tab\there\nжурнал').toString('hex').toUpperCase())).toBe('tab\there\nжурнал');
  });
});

describe('sampling statements stay bounded whatever the table size', () => {
  it('the range and strata seek by rowid and never scan the table (query plans)', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, src TEXT, msg TEXT)');
    const sql = samplingStatements({ table: 'logs', source: 'src', time: 'ts', message: 'msg', from: 'detected' }, { strata: 4, rowsPerStratum: 10, tailRows: 10, sourceRows: 3, sourceCountCap: 100, maxSources: 10 }, true);
    for (const s of sql) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[]).map((r) => r.detail);
      if (s.startsWith("SELECT 'M'")) {
        // The newest rows: a scan from the end that stops at its LIMIT.
        expect(s).toMatch(/ORDER BY rowid DESC LIMIT 10$/);
        continue;
      }
      expect(plan.filter((d) => d.startsWith('SCAN') && d !== 'SCAN CONSTANT ROW')).toEqual([]);
    }
    db.close();
  });
});

const LOGS: SqliteLogSchema = { table: 'logs', source: 'src', time: 'ts', message: 'msg', from: 'detected' };
const SHAPE: SamplingShape = { strata: 4, rowsPerStratum: 10, tailRows: 10, sourceRows: 3, sourceCountCap: 100, maxSources: 10 };

/** The rows a statement gives, as text fields (as both readers return them). */
function rowsOf(db: Database.Database, statements: string[]): string[][] {
  return statements.flatMap((sql) => (db.prepare(sql).raw(true).all() as unknown[][]).map((r) => r.map((c) => (c === null ? '' : String(c)))));
}

function logsWith(...ddl: string[]): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, src TEXT, msg TEXT)');
  for (const d of ddl) db.exec(d);
  return db;
}

const indexOf = (db: Database.Database) => sourceIndexOf(tablesFromRows(rowsOf(db, schemaStatements()))[0], 'src');

describe('sampling through a source index', () => {
  it.each(['CREATE INDEX by_src ON logs (src)', 'CREATE INDEX by_src ON logs (src, ts DESC)', 'CREATE INDEX by_src ON logs (src, ts)'])(
    '%s: each source is sought (a seek per source), never scanned, and its rows are never sorted',
    (ddl) => {
      const db = logsWith(ddl);
      const index = indexOf(db);
      expect(index?.name).toBe('by_src');
      const sql = samplingStatements(LOGS, SHAPE, true, index);
      expect(sql.filter((x) => /^WITH RECURSIVE/.test(x))).toHaveLength(2);
      for (const x of sql) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${x}`).all() as { detail: string }[]).map((r) => r.detail);
        if (x.startsWith("SELECT 'M'")) continue;
        // The list of sources (s) and the subquery it is walked through are rows we made, not the table.
        expect(plan.filter((d) => /^SCAN (logs|l)\b/.test(d))).toEqual([]);
        expect(plan.filter((d) => d.includes('TEMP B-TREE'))).toEqual([]);
      }
      db.close();
    },
  );

  it("reads each source's count (exact below the cap) and its newest rows, whatever the table's size", () => {
    const db = logsWith('CREATE INDEX by_src ON logs (src)');
    const ins = db.prepare('INSERT INTO logs (ts, src, msg) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) ins.run(i, 'gateway', `accept failed ${i}`);
      for (let i = 0; i < 7; i++) ins.run(1000 + i, 'backup', `backup shard ${i} done`);
      ins.run(2000, 'api', 'GET /');
    })();
    const sampled = samplingFromRows(rowsOf(db, samplingStatements(LOGS, SHAPE, true, indexOf(db))));
    expect(sampled.counts).toEqual([
      { source: 'api', count: 1 },
      { source: 'backup', count: 7 },
      { source: 'gateway', count: 100 },
    ]);
    const backup = sampled.sourceRows.filter((r) => r.source === 'backup').map((r) => r.message);
    expect(backup.sort()).toEqual(['backup shard 4 done', 'backup shard 5 done', 'backup shard 6 done']);
    db.close();
  });

  it('an index that cannot seek a source is not used: partial, on an expression, another collation, the source not first', () => {
    for (const ddl of [
      'CREATE INDEX x ON logs (src) WHERE ts > 0',
      'CREATE INDEX x ON logs (lower(src))',
      'CREATE INDEX x ON logs (src COLLATE NOCASE)',
      'CREATE INDEX x ON logs (ts, src)',
      'CREATE INDEX x ON logs (src, lower(msg))',
    ]) {
      const db = logsWith(ddl);
      expect(indexOf(db)).toBeNull();
      db.close();
    }
  });

  it('without an index the strata are three times as many, of half the rows each', () => {
    expect(shapeFor(SHAPE, null)).toMatchObject({ strata: 12, rowsPerStratum: 5 });
    expect(samplingStatements(LOGS, shapeFor(SHAPE, null), true, null).filter((x) => x.startsWith("SELECT 'S'"))).toHaveLength(12);
  });
});
