// Which table of a SQLite log store holds the log lines, and which of its columns name the source, the time
// and the message: detected from the schema by name, or set per root by an override.
import type { SqliteLogOverride } from '../../../shared/sourceModels';

export interface SqliteColumn {
  name: string;
  /** Declared type, as in PRAGMA table_info ('' when none). */
  type: string;
}

/** One key column of an index: a table column (null for an expression), in the index's order. */
export interface SqliteIndexColumn {
  column: string | null;
  desc: boolean;
  collation: string;
}

export interface SqliteIndex {
  name: string;
  partial: boolean;
  columns: SqliteIndexColumn[];
}

export interface SqliteTable {
  name: string;
  columns: SqliteColumn[];
  indexes?: SqliteIndex[];
}

/**
 * An index each source can be sought through: its first key column is the source column, compared as
 * SQLite compares the column (BINARY), every key column a plain column (the per-source statements order by
 * them to walk it backwards), and it covers the whole table (not partial). The one with fewest columns.
 */
export function sourceIndexOf(table: SqliteTable, sourceColumn: string): SqliteIndex | null {
  const usable = (table.indexes ?? []).filter(
    (ix) => !ix.partial && ix.columns.length > 0 && ix.columns[0].column === sourceColumn && ix.columns.every((c) => c.column !== null && c.collation.toUpperCase() === 'BINARY'),
  );
  usable.sort((a, b) => a.columns.length - b.columns.length || (a.name < b.name ? -1 : 1));
  return usable[0] ?? null;
}

export interface SqliteLogSchema {
  table: string;
  source: string;
  /** Null when no time column was found: rates then use the partition's length. */
  time: string | null;
  /** Null when no message column was found: no templates. */
  message: string | null;
  from: 'detected' | 'override';
}

export type SchemaDetection = { ok: true; schema: SqliteLogSchema } | { ok: false; reason: string };

// Most specific first: a table with both `service` and `app` uses `service`.
const SOURCE_NAMES = ['src', 'source', 'service', 'service_name', 'unit', '_systemd_unit', 'syslog_identifier', 'app', 'application', 'app_name', 'component', 'program', 'logger', 'module'];
const TIME_NAMES = ['ts', 'time', 'timestamp', 'created_at', 'logged_at', 'datetime', 'date', 'at', 't'];
const MESSAGE_NAMES = ['msg', 'message', 'line', 'text', 'body', 'log', 'content', 'payload'];
const TABLE_PREFERENCE = ['logs', 'log', 'messages', 'entries', 'events', 'lines', 'records'];

function findColumn(columns: SqliteColumn[], names: readonly string[]): string | null {
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  for (const n of names) {
    const hit = byLower.get(n);
    if (hit !== undefined) return hit;
  }
  return null;
}

function describeTables(tables: SqliteTable[]): string {
  const shown = tables.slice(0, 5).map((t) => `${t.name}(${t.columns.slice(0, 8).map((c) => c.name).join(', ')}${t.columns.length > 8 ? ', ...' : ''})`);
  return shown.join('; ') + (tables.length > 5 ? `; and ${tables.length - 5} more` : '');
}

function fromOverride(tables: SqliteTable[], o: SqliteLogOverride): SchemaDetection {
  const table = o.table !== undefined ? tables.find((t) => t.name === o.table) : tables.find((t) => findColumn(t.columns, [o.source.toLowerCase()]) !== null);
  if (!table) return { ok: false, reason: `the override names table "${o.table ?? '(any)'}" with column "${o.source}", which this database does not have (tables: ${describeTables(tables) || 'none'})` };
  const has = (c: string | undefined) => c === undefined || table.columns.some((x) => x.name === c);
  for (const [role, col] of [['source', o.source], ['time', o.time], ['message', o.message]] as const) {
    if (!has(col)) return { ok: false, reason: `the override's ${role} column "${col}" is not in table "${table.name}" (columns: ${table.columns.map((c) => c.name).join(', ')})` };
  }
  return {
    ok: true,
    schema: {
      table: table.name,
      source: o.source,
      time: o.time ?? findColumn(table.columns, TIME_NAMES),
      message: o.message ?? findColumn(table.columns, MESSAGE_NAMES),
      from: 'override',
    },
  };
}

/** The log table and its columns, or why there is none (then attribution falls back to files). */
export function detectLogSchema(tables: SqliteTable[], override?: SqliteLogOverride | null): SchemaDetection {
  const userTables = tables.filter((t) => !t.name.toLowerCase().startsWith('sqlite_'));
  if (override) return fromOverride(userTables, override);
  const candidates = userTables
    .map((t) => ({ t, source: findColumn(t.columns, SOURCE_NAMES), time: findColumn(t.columns, TIME_NAMES), message: findColumn(t.columns, MESSAGE_NAMES) }))
    .filter((c) => c.source !== null);
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: `no table has a source column (one of ${SOURCE_NAMES.slice(0, 6).join(', ')}, ...) (tables: ${describeTables(userTables) || 'none'}); set an override for this root to name it`,
    };
  }
  const rank = (c: (typeof candidates)[number]) => {
    const pref = TABLE_PREFERENCE.indexOf(c.t.name.toLowerCase());
    return (c.message ? 4 : 0) + (c.time ? 2 : 0) + (pref >= 0 ? 1 : 0);
  };
  candidates.sort((a, b) => rank(b) - rank(a) || (a.t.name < b.t.name ? -1 : 1));
  const best = candidates[0];
  return { ok: true, schema: { table: best.t.name, source: best.source!, time: best.time, message: best.message, from: 'detected' } };
}

/** An identifier as SQL text: always double-quoted, inner quotes doubled, so any name is one identifier. */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}
