// The fixed statements Spoolscope runs against a SQLite log store, the same through better-sqlite3 here and
// through the node's sqlite3 shell: only identifiers read from the file's own schema appear in them, always
// quoted, and numbers we chose. Every text value comes back hex()-encoded, so a row is one line of
// tab-separated fields whatever the data holds. Each statement is its own short read transaction.
import { quoteIdent, type SqliteLogSchema, type SqliteTable } from './sqliteLogSchema';

export const MAX_SCHEMA_ROWS = 5_000;
/** Message text beyond this many characters is not read. */
export const MAX_MESSAGE_CHARS = 2_000;

export interface SamplingShape {
  /** Rowid strata spread evenly over the table: volume shares and the rate over time. */
  strata: number;
  rowsPerStratum: number;
  /** Newest rows (by rowid) read with their message, for templates. */
  tailRows: number;
}

/** Tables and their columns. */
export function schemaStatements(): string[] {
  return [
    `SELECT 'T', hex(m.name), hex(p.name), hex(p.type) FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table' ORDER BY m.name, p.cid LIMIT ${MAX_SCHEMA_ROWS}`,
  ];
}

/**
 * The sampling of one log table: its rowid range ('B'), evenly spaced strata of rows ('S': stratum, rowid,
 * source, time, bytes of the row's text) and, when `withMessages`, the newest rows ('M': source, time, message).
 */
export function samplingStatements(schema: SqliteLogSchema, shape: SamplingShape, withMessages: boolean): string[] {
  const t = quoteIdent(schema.table);
  const src = quoteIdent(schema.source);
  // Numbers as they are ('n' + digits), text hex-encoded ('x' + hex): most log times are integers.
  const time = schema.time ? `CASE WHEN typeof(${quoteIdent(schema.time)}) IN ('integer', 'real') THEN 'n' || ${quoteIdent(schema.time)} ELSE 'x' || hex(${quoteIdent(schema.time)}) END` : "''";
  const msg = schema.message ? quoteIdent(schema.message) : null;
  const rowBytes = `ifnull(length(CAST(${src} AS BLOB)), 0) + ${msg ? `ifnull(length(CAST(${msg} AS BLOB)), 0)` : '0'} + 24`;
  // min() and max() each alone in their own subquery: SQLite answers those from the rowid b-tree's ends; the
  // two in one SELECT would scan the whole table.
  const lo = `(SELECT min(rowid) FROM ${t})`;
  const hi = `(SELECT max(rowid) FROM ${t})`;
  const out = [`SELECT 'B', ${lo}, ${hi}`];
  const k = Math.max(1, Math.trunc(shape.strata));
  const n = Math.max(1, Math.trunc(shape.rowsPerStratum));
  for (let i = 0; i < k; i++) {
    out.push(
      `SELECT 'S', ${i}, rowid, hex(${src}), ${time}, ${rowBytes} FROM ${t} WHERE rowid >= ${lo} + (${hi} - ${lo}) * ${i} / ${k} ORDER BY rowid LIMIT ${n}`,
    );
  }
  if (withMessages && msg) {
    out.push(`SELECT 'M', hex(${src}), ${time}, hex(substr(${msg}, 1, ${MAX_MESSAGE_CHARS})) FROM ${t} ORDER BY rowid DESC LIMIT ${Math.max(1, Math.trunc(shape.tailRows))}`);
  }
  return out;
}

/** Statements as one script for the sqlite3 shell (a short busy wait: we never make anyone else wait). */
export function shellScript(statements: readonly string[]): string {
  return ['.timeout 200', ...statements.map((s) => s + ';')].join('\n') + '\n';
}

/** A `file:` URI for a raw path (one latin1 char per byte): every byte outside the unreserved set percent-encoded. */
export function immutableUri(rawPath: string): string {
  let enc = '';
  for (let i = 0; i < rawPath.length; i++) {
    const b = rawPath.charCodeAt(i) & 0xff;
    const c = rawPath[i];
    enc += /[A-Za-z0-9\-._~/]/.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return `file:${enc}?mode=ro&immutable=1`;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

export function unhex(s: string): string {
  if (s === '') return '';
  const bytes = new Uint8Array(s.length >> 1);
  for (let i = 0, j = 0; i < bytes.length; i++, j += 2) bytes[i] = (HEX[s.charCodeAt(j) & 127] << 4) | HEX[s.charCodeAt(j + 1) & 127];
  return decoder.decode(bytes);
}

/** A time field as sampled: 'n' + a number, 'x' + hex of text, '' for none. */
export function timeField(s: string): number | string | null {
  if (s.startsWith('n')) return Number(s.slice(1));
  if (s.startsWith('x')) return unhex(s.slice(1));
  return null;
}

/** Rows of the shell's output (tab-separated lines) as fields. */
export function parseShellRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

export function tablesFromRows(rows: readonly (readonly string[])[]): SqliteTable[] {
  const tables = new Map<string, SqliteTable>();
  for (const r of rows) {
    if (r[0] !== 'T' || r.length < 4) continue;
    const name = unhex(r[1]);
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { name, columns: [] }));
    t.columns.push({ name: unhex(r[2]), type: unhex(r[3]) });
  }
  return [...tables.values()];
}

export interface StratumRow {
  stratum: number;
  rowid: number;
  source: string;
  /** The time column's value: a number, a text, or null when there is none. */
  time: number | string | null;
  bytes: number;
}

export interface MessageRow {
  source: string;
  time: number | string | null;
  message: string;
}

export interface SqliteSampling {
  minRowid: number | null;
  maxRowid: number | null;
  strata: StratumRow[];
  messages: MessageRow[];
}

export function samplingFromRows(rows: readonly (readonly string[])[]): SqliteSampling {
  const out: SqliteSampling = { minRowid: null, maxRowid: null, strata: [], messages: [] };
  // Source names repeat on every row: decode each once (bounded: names past the cap are decoded each time).
  const names = new Map<string, string>();
  const name = (h: string) => {
    let n = names.get(h);
    if (n === undefined) {
      n = unhex(h);
      if (names.size < 10_000) names.set(h, n);
    }
    return n;
  };
  for (const r of rows) {
    if (r[0] === 'B') {
      out.minRowid = r[1] === '' ? null : Number(r[1]);
      out.maxRowid = r[2] === '' ? null : Number(r[2]);
    } else if (r[0] === 'S' && r.length >= 6) {
      out.strata.push({ stratum: Number(r[1]), rowid: Number(r[2]), source: name(r[3]), time: timeField(r[4]), bytes: Number(r[5]) || 0 });
    } else if (r[0] === 'M' && r.length >= 4) {
      out.messages.push({ source: name(r[1]), time: timeField(r[2]), message: unhex(r[3]) });
    }
  }
  return out;
}
