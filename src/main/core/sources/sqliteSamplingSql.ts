// The fixed statements Spoolscope runs against a SQLite log store, the same through better-sqlite3 here and
// through the node's sqlite3 shell: only identifiers read from the file's own schema appear in them, always
// quoted, and numbers we chose. Every text value comes back hex()-encoded, so a row is one line of
// tab-separated fields whatever the data holds. Each statement is its own short read transaction.
import { quoteIdent, type SqliteIndex, type SqliteLogSchema, type SqliteTable } from './sqliteLogSchema';

export const MAX_SCHEMA_ROWS = 5_000;
/** Message text beyond this many characters is not read. */
export const MAX_MESSAGE_CHARS = 2_000;

export interface SamplingShape {
  /** Rowid strata spread evenly over the table: volume shares and the rate over time. */
  strata: number;
  rowsPerStratum: number;
  /** Newest rows (by rowid) read with their message, for templates. */
  tailRows: number;
  /** Through a source index: each source's newest rows read with their message. */
  sourceRows: number;
  /** Through a source index: each source's rows counted, up to this many (a count below it is exact). */
  sourceCountCap: number;
  /** Through a source index: at most this many sources, in the index's order. */
  maxSources: number;
}

/**
 * The shape for one file. With a source index each source is sought through it; without one nothing can
 * find a source's rows but the strata, so there are three times as many, of half the rows each.
 */
export function shapeFor(base: SamplingShape, index: SqliteIndex | null): SamplingShape {
  return index ? base : { ...base, strata: base.strata * 3, rowsPerStratum: Math.max(1, Math.ceil(base.rowsPerStratum / 2)) };
}

/** The rows a sampling of this shape reads at most (the counts read index entries, not rows). */
export function rowsBudgetOf(shape: SamplingShape, index: SqliteIndex | null, withMessages: boolean): number {
  return shape.strata * shape.rowsPerStratum + (withMessages ? shape.tailRows + (index ? shape.maxSources * shape.sourceRows : 0) : 0);
}

/** Tables and their columns ('T'), and the key columns of their indexes ('X'). */
export function schemaStatements(): string[] {
  return [
    `SELECT 'T', hex(m.name), hex(p.name), hex(p.type) FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table' ORDER BY m.name, p.cid LIMIT ${MAX_SCHEMA_ROWS}`,
    `SELECT 'X', hex(m.name), hex(il.name), il.partial, x.cid, hex(ifnull(x.name, '')), x."desc", hex(ifnull(x.coll, '')) FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS il JOIN pragma_index_xinfo(il.name) AS x WHERE m.type = 'table' AND x.key = 1 ORDER BY m.name, il.name, x.seqno LIMIT ${MAX_SCHEMA_ROWS}`,
  ];
}

/**
 * The sampling of one log table: its rowid range ('B'), evenly spaced strata of rows ('S': stratum, rowid,
 * source, time, bytes of the row's text) and, when `withMessages`, the newest rows ('M': source, time,
 * message, bytes, rowid). Through a source index, each source's rows counted up to a cap ('C': source, count) and,
 * with messages, each source's newest rows ('P': as 'M'): one seek per source, never a scan.
 */
export function samplingStatements(schema: SqliteLogSchema, shape: SamplingShape, withMessages: boolean, index: SqliteIndex | null = null): string[] {
  const t = quoteIdent(schema.table);
  const src = quoteIdent(schema.source);
  // Each row's fields, its columns named through `q` ('' or an alias and a dot): where the table is joined with
  // the list of sources, an unqualified column could name one of the list's own.
  const field = (q: string) => {
    const col = (c: string) => q + quoteIdent(c);
    return {
      source: `hex(${col(schema.source)})`,
      // Numbers as they are ('n' + digits), text hex-encoded ('x' + hex): most log times are integers.
      time: schema.time ? `CASE WHEN typeof(${col(schema.time)}) IN ('integer', 'real') THEN 'n' || ${col(schema.time)} ELSE 'x' || hex(${col(schema.time)}) END` : "''",
      message: schema.message ? `hex(substr(${col(schema.message)}, 1, ${MAX_MESSAGE_CHARS}))` : "''",
      bytes: `ifnull(length(CAST(${col(schema.source)} AS BLOB)), 0) + ${schema.message ? `ifnull(length(CAST(${col(schema.message)} AS BLOB)), 0)` : '0'} + 24`,
    };
  };
  const f = field('');
  // min() and max() each alone in their own subquery: SQLite answers those from the rowid b-tree's ends; the
  // two in one SELECT would scan the whole table.
  const lo = `(SELECT min(rowid) FROM ${t})`;
  const hi = `(SELECT max(rowid) FROM ${t})`;
  const out = [`SELECT 'B', ${lo}, ${hi}`];
  const k = Math.max(1, Math.trunc(shape.strata));
  const n = Math.max(1, Math.trunc(shape.rowsPerStratum));
  for (let i = 0; i < k; i++) {
    out.push(`SELECT 'S', ${i}, rowid, ${f.source}, ${f.time}, ${f.bytes} FROM ${t} WHERE rowid >= ${lo} + (${hi} - ${lo}) * ${i} / ${k} ORDER BY rowid LIMIT ${n}`);
  }
  const withText = withMessages && schema.message !== null;
  if (withText) {
    out.push(`SELECT 'M', ${f.source}, ${f.time}, ${f.message}, ${f.bytes}, rowid FROM ${t} ORDER BY rowid DESC LIMIT ${Math.max(1, Math.trunc(shape.tailRows))}`);
  }
  if (index) {
    // The sources, one seek each: the least, then the next after each (one recursive step per source).
    const sources = `WITH RECURSIVE s(n, v) AS (SELECT 0, (SELECT min(${src}) FROM ${t}) UNION ALL SELECT n + 1, (SELECT ${src} FROM ${t} WHERE ${src} > s.v ORDER BY ${src} LIMIT 1) FROM s WHERE s.v IS NOT NULL AND n + 1 < ${Math.max(1, Math.trunc(shape.maxSources))})`;
    const cap = Math.max(1, Math.trunc(shape.sourceCountCap));
    out.push(`${sources} SELECT 'C', hex(s.v), (SELECT count(*) FROM (SELECT 1 FROM ${t} WHERE ${src} = s.v LIMIT ${cap})) FROM s WHERE s.v IS NOT NULL`);
    if (withText) {
      // Newest first by walking the index backwards: no sort of a source's rows (a runaway's are millions).
      const backwards = [...index.columns.map((c) => `${quoteIdent(c.column!)} ${c.desc ? 'ASC' : 'DESC'}`), 'rowid DESC'].join(', ');
      const rowsOf = `SELECT rowid FROM ${t} WHERE ${src} = s.v ORDER BY ${backwards} LIMIT ${Math.max(1, Math.trunc(shape.sourceRows))}`;
      const l = field('l.');
      out.push(`${sources} SELECT 'P', ${l.source}, ${l.time}, ${l.message}, ${l.bytes}, l.rowid FROM s JOIN ${t} AS l ON l.rowid IN (${rowsOf}) WHERE s.v IS NOT NULL`);
    }
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
    if (!t) tables.set(name, (t = { name, columns: [], indexes: [] }));
    t.columns.push({ name: unhex(r[2]), type: unhex(r[3]) });
  }
  // Index key columns, in order: 'X', table, index, partial, cid (-2 for an expression), column, desc, collation.
  for (const r of rows) {
    if (r[0] !== 'X' || r.length < 8) continue;
    const t = tables.get(unhex(r[1]));
    if (!t) continue;
    const name = unhex(r[2]);
    let ix = t.indexes!.find((x) => x.name === name);
    if (!ix) t.indexes!.push((ix = { name, partial: r[3] === '1', columns: [] }));
    ix.columns.push({ column: Number(r[4]) >= 0 ? unhex(r[5]) : null, desc: r[6] === '1', collation: unhex(r[7]) });
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
  /** The row's bytes as the strata count them (source and whole message, plus 24). */
  bytes: number;
  rowid: number;
}

export interface SqliteSampling {
  minRowid: number | null;
  maxRowid: number | null;
  strata: StratumRow[];
  /** The newest rows of the table. */
  messages: MessageRow[];
  /** Through a source index: each source's rows, counted up to the cap. */
  counts: { source: string; count: number }[];
  /** Through a source index: each source's newest rows. */
  sourceRows: MessageRow[];
}

export function samplingFromRows(rows: readonly (readonly string[])[]): SqliteSampling {
  const out: SqliteSampling = { minRowid: null, maxRowid: null, strata: [], messages: [], counts: [], sourceRows: [] };
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
    } else if ((r[0] === 'M' || r[0] === 'P') && r.length >= 5) {
      (r[0] === 'M' ? out.messages : out.sourceRows).push({ source: name(r[1]), time: timeField(r[2]), message: unhex(r[3]), bytes: Number(r[4]) || 0, rowid: Number(r[5]) || 0 });
    } else if (r[0] === 'C' && r.length >= 3) {
      out.counts.push({ source: name(r[1]), count: Number(r[2]) || 0 });
    }
  }
  return out;
}
