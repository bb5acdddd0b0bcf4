// Runaway sources: from a partition (or a root: its newest day) to who wrote its bytes, how fast against
// their own baseline (the previous 7 partitions), since when, and the repeating message behind it.
// Days are calendar days in the node's time zone (read on the node with the listing) or a root's override: a
// finished day's rates are over its whole day, the open day's from its start until the node's now.
// Everything is bounded: the sampling (bytes of text tails, rows of SQLite tables), output of each probe, and a time
// budget for the whole analysis, past which the report is partial.
import { TemplateCounter } from '../../core/sources/messageTemplate';
import { detectLogSchema, sourceIndexOf, type SqliteIndex, type SqliteLogSchema } from '../../core/sources/sqliteLogSchema';
import { rowsBudgetOf, samplingFromRows, samplingStatements, schemaStatements, shapeFor, tablesFromRows, type MessageRow, type SamplingShape } from '../../core/sources/sqliteSamplingSql';
import { sqliteVolume, type SqliteVolume, type VolumeTiming } from '../../core/sources/sqliteVolumes';
import { isCompressed, isDayPath, layoutPartitions, parseListing, sourceNameOfFile, type DayPartition, type ListedEntry, type PartitionLayout } from '../../core/sources/sourcePartitions';
import { partitionRatio, rankSources, spikeStart, toEpochMs, type PartitionVolume, type RateBucket, type SourceVolume } from '../../core/sources/sourceRates';
import { analyzeTail } from '../../core/sources/textTail';
import { nodeCalendar, partitionPeriod, type NodeCalendar, type PartitionPeriod } from '../../core/sources/dayCalendar';
import { nowBytesPerSecond, nowBytesPerSecondBySource, type TimedBytes } from '../../core/sources/nowRate';
import { displayName } from '../../core/common/displayName';
import { parseWriters } from '../../core/sources/writerRecords';
import { probeScripts } from '../../probe/probeScripts';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import type { NotSampledReason, Source, SourceDay, SourcesReport, SqliteLogOverride } from '../../../shared/sourceModels';
import { RpcError } from '../../../shared/rpcResult';
import { limitMessage, probeRefusal } from '../common/probeErrors';
import { LibrarySqliteRunner, ShellSqliteRunner, type SqliteRunResult } from './sqliteRunners';
import { collectOutput } from '../../transport/execOutput';
import { LOCAL_NODE } from '../../../shared/nodeNames';

export interface SourceBounds {
  /** Total bytes of text-log tails read (split over at most 32 files). */
  tailBytes: number;
  /** Newest SQLite rows read with their message. */
  tailRows: number;
  /** Rowid strata of a SQLite table with a source index (three times as many, of half the rows, without one). */
  strata: number;
  rowsPerStratum: number;
  /** Through a source index: each source's newest rows read with their message. */
  sourceRows: number;
  /** Through a source index: each source's rows counted up to this many. */
  sourceCountCap: number;
  /** The whole analysis; past it, what was read is reported as partial. */
  timeBudgetMs: number;
  /** Entries listed under the path. */
  listRecords: number;
  /** Bytes any one probe may print. */
  probeBytes: number;
}

export const DEFAULT_SOURCE_BOUNDS: SourceBounds = {
  tailBytes: 4 * 1024 * 1024,
  tailRows: 5_000,
  strata: 48,
  rowsPerStratum: 200,
  sourceRows: 50,
  sourceCountCap: 10_000,
  timeBudgetMs: 20_000,
  listRecords: 100_000,
  probeBytes: 32 * 1024 * 1024,
};

const MAX_TAIL_FILES = 32;
const MIN_TAIL_BYTES = 64 * 1024;
const TEMPLATES_PER_SOURCE = 8;
const DISTINCT_TEMPLATES_PER_SOURCE = 2_000;
const SOURCES_WITH_TEMPLATES = 20;
const MAX_SOURCES = 200;
const DAY_CHART_SOURCES = 6;
const WRITER_FILES = 200;
const RECENT_LINES = 5;
/** A partition that is no day (a single file, a directory of rotated logs) is taken as a day's worth. */
const NO_DAY: VolumeTiming = { seconds: 86_400, daySeconds: 86_400 };

export interface AnalyzeOptions {
  override?: SqliteLogOverride | null;
  /** 'auto': better-sqlite3 for this machine, the node's sqlite3 elsewhere; 'shell': the node's sqlite3 always. */
  sqliteReader?: 'auto' | 'shell';
  /** The days' time zone instead of the node's (a root's override). */
  timeZone?: string | null;
}

export interface SourceAnalyzerOptions {
  transportFor(node: string): Transport;
  bounds?: Partial<SourceBounds>;
  now?: () => number;
}

interface Budget {
  deadline: number;
  left(): number;
}

/** Per-source templates and recent lines from the sampled text. */
interface SourceText {
  counter: TemplateCounter;
  recent: string[];
}

function sourceTextOf(texts: Map<string, SourceText>, source: string): SourceText {
  let t = texts.get(source);
  if (!t) texts.set(source, (t = { counter: new TemplateCounter(DISTINCT_TEMPLATES_PER_SOURCE), recent: [] }));
  return t;
}

/** What an attribution found, for the report. */
interface Attributed {
  current: PartitionVolume;
  baseline: PartitionVolume[];
  buckets: Map<string, RateBucket[]>;
  texts: Map<string, SourceText>;
  /** Bytes/s over the last 5 minutes per source; absent when it cannot be told (a finished day, no times). */
  now: Map<string, number | null>;
  notSampled(name: string): NotSampledReason | null;
}

type AttributionReport = Pick<SourcesReport, 'sources' | 'partitionBaselineRatio' | 'baselinePartitions' | 'days' | 'attribution' | 'sqlite'> & {
  sampling: Pick<SourcesReport['sampling'], 'bytesRead' | 'rowsRead' | 'rowsBudget'>;
};

export class SourceAnalyzer {
  private readonly bounds: SourceBounds;

  constructor(private readonly opts: SourceAnalyzerOptions) {
    this.bounds = { ...DEFAULT_SOURCE_BOUNDS, ...opts.bounds };
  }

  async analyze(node: string, path: string, options: AnalyzeOptions = {}): Promise<SourcesReport> {
    const started = Date.now();
    const budget: Budget = { deadline: started + this.bounds.timeBudgetMs, left: () => Math.max(500, budget.deadline - Date.now()) };
    const transport = this.opts.transportFor(node);
    const messages: string[] = [];
    let partial = false;
    const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;

    // 1. What to attribute: a day directory is looked at among its neighbours; anything else is listed.
    const dayAsked = isDayPath(clean);
    const listed = dayAsked ? clean.slice(0, clean.lastIndexOf('/')) || '/' : clean;
    const wantedRel = dayAsked ? clean.slice(clean.lastIndexOf('/') + 1) : undefined;
    // Paths from the node stay raw bytes (one latin1 char per byte) so any name round-trips to the probes;
    // they are shown through displayName.
    const listedRaw = Buffer.from(listed, 'utf8').toString('latin1');
    const list = await this.exec(transport, probeScripts.sourcesList, nulInput([listed, dayAsked ? '3' : '5']), budget, this.bounds.listRecords);
    const refusal = probeRefusal(list.outcome);
    if (refusal) throw new RpcError('not_found', `${path} ${refusal}`);
    const { entries, clock } = parseListing(list.output);
    if (list.limited) {
      partial = true;
      messages.push(`listing ${list.limited}`);
    }
    if (entries.length === 0) throw new RpcError('not_found', `${path} could not be listed on ${node}`);
    const calendar = nodeCalendar(clock, options.timeZone ?? null, Date.now());
    if (options.timeZone && calendar.from !== 'override') messages.push(`the time zone "${options.timeZone}" is not one this app knows: the node's is used`);
    if (calendar.note) messages.push(calendar.note);
    const rootEntry = entries.find((e) => e.rel === '');
    const isFile = rootEntry?.type === 'f';
    const layout = isFile ? singleFileLayout(clean, rootEntry) : layoutPartitions(listedRaw, entries, wantedRel);
    const abs = (rel: string) => (rel === '' ? listedRaw : listedRaw === '/' ? `/${rel}` : `${listedRaw}/${rel}`);
    const partitions = [...layout.baseline, layout.current];
    const periods = partitions.map((p) => partitionPeriod(p.key, calendar.zone, calendar.nowMs));

    let result: AttributionReport | null = null;
    if (layout.current.sqlite.length > 0) {
      const r = await this.sqliteAttribution(transport, node, partitions, periods, calendar, abs, budget, options, messages);
      if (r.partial) partial = true;
      result = r.report;
    }
    if (!result) {
      const r = await this.fileAttribution(transport, partitions, periods, calendar, abs, budget, layout.current.sqlite.length > 0, messages);
      if (r.partial) partial = true;
      result = r.report;
    }

    // 2. Who has the partition's files open for writing.
    const writerFiles = [...layout.current.sqlite.map((f) => f.rel), ...layout.current.text.map((f) => f.rel)].slice(0, WRITER_FILES).map(abs);
    const w = writerFiles.length > 0 ? await this.exec(transport, probeScripts.writers, nulInput(writerFiles.map(rawBytes)), budget, 1_000_000) : null;
    const writers = w ? parseWriters(w.output) : [];
    if (w?.limited) messages.push(`writer search ${w.limited}`);

    if (Date.now() > budget.deadline) {
      partial = true;
      messages.push(`stopped at the time budget (${this.bounds.timeBudgetMs} ms): figures come from what was read by then`);
    }
    const period = periods[periods.length - 1];
    return {
      node,
      path,
      partition: displayName(abs(layout.current.rel)),
      partitionBytes: layout.current.bytes,
      ...result,
      day: period ? { date: period.date, startMs: period.startMs, endMs: period.endMs, open: period.open, seconds: period.seconds, daySeconds: period.daySeconds } : null,
      timeZone: { name: calendar.zone.name, from: calendar.from },
      writers,
      sampling: { ...result.sampling, bytesBudget: this.bounds.tailBytes, elapsedMs: Date.now() - started },
      partial,
      messages,
      analyzedAt: (this.opts.now ?? Date.now)(),
    };
  }

  private async exec(transport: Transport, script: string, stdin: Buffer, budget: Budget, maxRecords: number, maxBytes = this.bounds.probeBytes) {
    const limits: ExecLimits = { maxBytes, maxRecords, recordTerminator: 0, timeoutMs: budget.left(), maxStderrBytes: 16 * 1024 };
    const { output, outcome } = await collectOutput(transport.exec(script, stdin, limits));
    return { output, outcome, limited: limitMessage(outcome) };
  }

  private async sqliteAttribution(
    transport: Transport,
    node: string,
    partitions: DayPartition[],
    periods: (PartitionPeriod | null)[],
    calendar: NodeCalendar,
    abs: (rel: string) => string,
    budget: Budget,
    options: AnalyzeOptions,
    messages: string[],
  ): Promise<{ report: AttributionReport | null; partial: boolean }> {
    const b = this.bounds;
    const last = partitions.length - 1;
    // One main SQLite file per partition: the largest.
    const files = partitions.map((p) => [...p.sqlite].sort((a, c) => c.size - a.size)[0] ?? null);
    const jobsIdx = files.map((f, i) => (f ? i : -1)).filter((i) => i >= 0);
    const paths = jobsIdx.map((i) => abs(files[i]!.rel));
    const useLibrary = node === LOCAL_NODE && options.sqliteReader !== 'shell';
    const shell = new ShellSqliteRunner(transport);
    const library = new LibrarySqliteRunner();
    let reader: 'library' | 'node-sqlite3' = useLibrary ? 'library' : 'node-sqlite3';
    let bytesRead = 0;

    // Runs jobs with the library where it can, the node's shell for the rest (or all of them remotely).
    const run = async (jobs: { path: string; statements: string[] }[]): Promise<SqliteRunResult> => {
      if (!useLibrary) {
        const r = await shell.run(jobs, budget.left(), b.probeBytes);
        bytesRead += r.bytesRead;
        return r;
      }
      const r = await library.run(jobs, budget.left(), b.probeBytes);
      bytesRead += r.bytesRead;
      const retry = r.results.map((x, i) => (x.cannotOpen ? i : -1)).filter((i) => i >= 0);
      if (retry.length > 0) {
        // A WAL file on a read-only mount: better-sqlite3 cannot open it read-only without creating a -shm.
        const s = await shell.run(retry.map((i) => jobs[i]), budget.left(), b.probeBytes);
        bytesRead += s.bytesRead;
        retry.forEach((i, k) => (r.results[i] = s.noShell ? { rows: [], error: `${r.results[i].error} (and this node has no sqlite3 shell to open it immutable)` } : s.results[k]));
        if (!s.noShell) reader = 'node-sqlite3';
      }
      return r;
    };

    const schemaRun = await run(paths.map((path) => ({ path, statements: schemaStatements() })));
    const fallback = (why: string) => {
      messages.push(`${why}: volume is attributed to files instead of a source column`);
      return { report: null, partial: false };
    };
    if (schemaRun.noShell) return fallback(`${node} has no sqlite3 shell to read ${displayName(abs(files[files.length - 1]!.rel))} with`);
    const currentK = jobsIdx.indexOf(last);
    const currentSchema = schemaRun.results[currentK];
    if (currentSchema.error) return fallback(`${displayName(paths[currentK])} could not be read: ${currentSchema.error}`);
    const detected = detectLogSchema(tablesFromRows(currentSchema.rows), options.override);
    if (!detected.ok) return fallback(`${displayName(paths[currentK])}: ${detected.reason}`);
    const schema = detected.schema;

    // Baseline files must have the same table and columns to be compared; each is sought through its own index.
    const usable: { k: number; index: SqliteIndex | null }[] = [];
    const same = options.override ?? { table: schema.table, source: schema.source, time: schema.time ?? undefined, message: schema.message ?? undefined };
    jobsIdx.forEach((pi, k) => {
      const res = schemaRun.results[k];
      const tables = res.error ? [] : tablesFromRows(res.rows);
      const index = (t: SqliteLogSchema) => {
        const table = tables.find((x) => x.name === t.table);
        return table ? sourceIndexOf(table, t.source) : null;
      };
      if (pi === last) return usable.push({ k, index: index(schema) });
      const d = res.error ? null : detectLogSchema(tables, same);
      if (d && d.ok) usable.push({ k, index: index(d.schema) });
      else messages.push(`${partitions[pi].key || displayName(paths[k])} left out of the baseline: ${res.error ?? (d && !d.ok ? d.reason : 'unreadable')}`);
    });
    const base: SamplingShape = { strata: b.strata, rowsPerStratum: b.rowsPerStratum, tailRows: b.tailRows, sourceRows: b.sourceRows, sourceCountCap: b.sourceCountCap, maxSources: MAX_SOURCES };
    const samplingRun = await run(usable.map(({ k, index }) => ({ path: paths[k], statements: samplingStatements(schema, shapeFor(base, index), jobsIdx[k] === last, index) })));
    let partial = false;
    const volumes = new Map<number, SqliteVolume>();
    let rowsRead = 0;
    let currentSampled: { messages: MessageRow[]; sourceRows: MessageRow[] } = { messages: [], sourceRows: [] };
    usable.forEach(({ k }, n) => {
      const res = samplingRun.results[n];
      const pi = jobsIdx[k];
      if (res.error) {
        messages.push(`${displayName(paths[k])}: ${res.error}`);
        if (pi === last) partial = true;
        if (res.rows.length === 0) return;
      }
      const sampled = samplingFromRows(res.rows);
      rowsRead += sampled.strata.length + sampled.messages.length + sampled.sourceRows.length;
      // A day's rates are over the day; a partition that is no day has only its rows' times to go by.
      const timing = periods[pi] ?? NO_DAY;
      let v = sqliteVolume(partitions[pi].key, sampled, files[pi]!.size, timing, b.sourceCountCap);
      if (!periods[pi] && v.firstMs !== null && v.lastMs !== null && v.lastMs - v.firstMs >= 60_000) {
        const seconds = (v.lastMs - v.firstMs) / 1000;
        v = { ...v, volume: { ...v.volume, seconds, daySeconds: seconds } };
      }
      volumes.set(pi, v);
      if (pi === last) currentSampled = { messages: sampled.messages, sourceRows: sampled.sourceRows };
    });
    const current = volumes.get(last);
    if (!current) return fallback(`${displayName(paths[currentK])} could not be sampled`);
    const baseline = partitions.slice(0, -1).map((_, i) => volumes.get(i)).filter((v): v is SqliteVolume => v !== undefined);
    const currentIndex = usable.find((u) => jobsIdx[u.k] === last)?.index ?? null;
    if (!schema.message) messages.push(`table "${schema.table}" has no message column: no templates or newest lines`);

    // Templates: a source's rows among the table's newest, or where it has fewer there than its own newest
    // rows read through the index, those (its newest rows among the table's are among its own newest).
    const newestBySource = groupBySource(currentSampled.messages);
    const ownBySource = groupBySource(currentSampled.sourceRows);
    const texts = new Map<string, SourceText>();
    for (const name of new Set([...newestBySource.keys(), ...ownBySource.keys()])) {
      const newest = newestBySource.get(name) ?? [];
      const own = ownBySource.get(name) ?? [];
      // Newest first, by rowid: the order rows were written in.
      const rows = (own.length > newest.length ? own : newest).sort((x, y) => y.rowid - x.rowid);
      const t = sourceTextOf(texts, name);
      for (const m of [...rows].reverse()) t.counter.add(m.message);
      t.recent = rows.slice(0, RECENT_LINES).reverse().map((m) => m.message);
    }
    const now = new Map<string, number | null>();
    const period = periods[last];
    if (!period || period.open) {
      // Bytes/s over the last 5 minutes from the newest rows' times; they reach back only so far.
      const timed = currentSampled.messages.map((m) => ({ source: m.source, t: toEpochMs(m.time), bytes: m.bytes * current.fileBytesPerRowByte }));
      const withTime = timed.filter((x): x is { source: string; t: number; bytes: number } => x.t !== null);
      if (withTime.length > 0) {
        const completeFrom = currentSampled.messages.length >= b.tailRows ? withTime.reduce((m, x) => Math.min(m, x.t), Infinity) : -Infinity;
        for (const [name, bps] of nowBytesPerSecondBySource(withTime, calendar.nowMs, completeFrom, current.volume.bySource.keys())) now.set(name, bps);
      }
    }
    const withText = schema.message !== null;
    const notSampled = (name: string): NotSampledReason | null => {
      if (!withText || texts.has(name)) return null;
      return currentIndex ? 'crowded-out' : 'no-source-index';
    };
    const report = this.assemble({ current: current.volume, baseline: baseline.map((v) => v.volume), buckets: current.buckets, texts, now, notSampled }, partitions, periods, abs);
    // Each file's own shape: a baseline day may lack the index the current one has.
    const rowsBudget = usable.reduce((n, { k, index }) => n + rowsBudgetOf(shapeFor(base, index), index, jobsIdx[k] === last), 0);
    return {
      report: {
        ...report,
        attribution: 'sqlite-column' as const,
        sqlite: { ...schema, reader, sourceIndex: currentIndex?.name ?? null },
        sampling: { bytesRead, rowsRead, rowsBudget },
      },
      partial,
    };
  }

  private async fileAttribution(
    transport: Transport,
    partitions: DayPartition[],
    periods: (PartitionPeriod | null)[],
    calendar: NodeCalendar,
    abs: (rel: string) => string,
    budget: Budget,
    fromSqlite: boolean,
    messages: string[],
  ): Promise<{ report: AttributionReport; partial: boolean }> {
    const b = this.bounds;
    const last = partitions.length - 1;
    const current = partitions[last];
    const nameOf = (p: DayPartition, rel: string) => displayName(p.sqlite.some((f) => f.rel === rel) ? rel.slice(rel.lastIndexOf('/') + 1) : sourceNameOfFile(rel));
    // Tails of the largest uncompressed text files of the current partition.
    const tailed = current.text
      .filter((f) => !isCompressed(f.rel) && f.size > 0)
      .sort((a, c) => c.size - a.size)
      .slice(0, Math.min(MAX_TAIL_FILES, Math.max(1, Math.floor(b.tailBytes / MIN_TAIL_BYTES))));
    const perFile = tailed.length > 0 ? Math.floor(b.tailBytes / tailed.length) : 0;
    const texts = new Map<string, SourceText>();
    const lineBytes = new Map<string, { bytes: number; lines: number }>();
    /** Lines counted in a file read whole (rel -> lines). */
    const counted = new Map<string, number>();
    const buckets = new Map<string, RateBucket[]>();
    const timedBySource = new Map<string, { timed: TimedBytes[]; completeFrom: number }[]>();
    let bytesRead = 0;
    let rowsRead = 0;
    let partial = false;
    const tailedRels = new Set<string>();
    if (tailed.length > 0) {
      const input = nulInput(tailed.flatMap((f) => [String(perFile), rawBytes(abs(f.rel))]));
      const r = await this.exec(transport, probeScripts.tailSampling, input, budget, tailed.length * 3 + 1, b.tailBytes + tailed.length * 8192);
      if (r.limited) {
        partial = true;
        messages.push(`tail sampling ${r.limited}`);
      }
      // Records: path, size, content (per file); the content is cut at the budget by tail -c.
      const recs: Buffer[] = [];
      let start = 0;
      for (let i = 0; i < r.output.length; i++) {
        if (r.output[i] === 0) {
          recs.push(r.output.subarray(start, i));
          start = i + 1;
        }
      }
      for (let i = 0; i + 2 < recs.length; i += 3) {
        const file = tailed[i / 3];
        if (!file || recs[i + 2] === undefined) break;
        const size = Number(recs[i + 1].toString('latin1'));
        const content = recs[i + 2];
        bytesRead += content.length;
        tailedRels.add(file.rel);
        const name = nameOf(current, file.rel);
        const t = sourceTextOf(texts, name);
        const tail = analyzeTail(new TextDecoder('utf-8', { fatal: false }).decode(content), Number.isFinite(size) ? size : file.size, content.length, t.counter, calendar.zone);
        rowsRead += tail.lines;
        t.recent = tail.recent;
        const lb = lineBytes.get(name) ?? { bytes: 0, lines: 0 };
        lb.bytes += tail.bytes;
        lb.lines += tail.lines;
        lineBytes.set(name, lb);
        if (tail.complete) counted.set(file.rel, tail.lines);
        if (tail.buckets.length > 0) buckets.set(name, tail.buckets);
        if (tail.timed.length > 0) {
          const list = timedBySource.get(name) ?? [];
          list.push({ timed: tail.timed, completeFrom: tail.complete ? -Infinity : tail.timed[0].t });
          timedBySource.set(name, list);
        }
      }
    }
    // Lines: counted in a file read whole; elsewhere bytes over the source's sampled line length (the same
    // length assumed on earlier days).
    const volumeOf = (p: DayPartition, i: number): PartitionVolume => {
      const bySource = new Map<string, SourceVolume>();
      for (const f of [...p.text, ...p.sqlite]) {
        const name = nameOf(p, f.rel);
        const v = bySource.get(name) ?? { bytes: 0, lines: 0, linesEstimated: false };
        v.bytes += f.size;
        const lb = lineBytes.get(name);
        if (i === last && counted.has(f.rel)) v.lines += counted.get(f.rel)!;
        else if (f.size > 0) {
          v.linesEstimated = true;
          if (lb && lb.lines > 0) v.lines += Math.round(f.size / (lb.bytes / lb.lines));
        }
        bySource.set(name, v);
      }
      const timing = periods[i] ?? NO_DAY;
      return { key: p.key, seconds: timing.seconds, daySeconds: timing.daySeconds, bySource };
    };
    const volumes = partitions.map((p, i) => volumeOf(p, i));
    if (!partitions.some((p) => p.key !== '')) {
      messages.push(`no day partitions around ${displayName(abs(current.rel))}: no baseline to compare with`);
    }
    const now = new Map<string, number | null>();
    const period = periods[last];
    if (!period || period.open) {
      for (const [name, files] of timedBySource) {
        let sum = 0;
        for (const f of files) sum += nowBytesPerSecond(f.timed, calendar.nowMs, f.completeFrom) ?? 0;
        now.set(name, sum);
      }
    }
    const notSampled = (name: string): NotSampledReason | null => {
      if (texts.has(name)) return null;
      const files = [...current.text, ...current.sqlite].filter((f) => nameOf(current, f.rel) === name);
      if (files.some((f) => current.sqlite.includes(f))) return 'no-source-column';
      const plain = files.filter((f) => !isCompressed(f.rel));
      if (plain.some((f) => f.size > 0 && !tailedRels.has(f.rel))) return 'crowded-out';
      if (plain.length > 0) return 'empty';
      return 'compressed';
    };
    const report = this.assemble({ current: volumes[last], baseline: volumes.slice(0, -1), buckets, texts, now, notSampled }, partitions, periods, abs);
    return {
      report: {
        ...report,
        attribution: (fromSqlite || current.text.length + current.sqlite.length <= 1 ? 'file' : 'file-name') as 'file' | 'file-name',
        sqlite: null,
        sampling: { bytesRead, rowsRead, rowsBudget: b.tailRows + b.strata * b.rowsPerStratum },
      },
      partial,
    };
  }

  private assemble(a: Attributed, partitions: DayPartition[], periods: (PartitionPeriod | null)[], abs: (rel: string) => string) {
    const ranked = rankSources(a.current, a.baseline).slice(0, MAX_SOURCES);
    const sources: Source[] = ranked.map((s, i) => {
      const t = i < SOURCES_WITH_TEMPLATES ? a.texts.get(s.name) : undefined;
      const summary = t?.counter.summary(TEMPLATES_PER_SOURCE);
      const spike = s.baselineLinesPerSecond !== null ? spikeStart(a.buckets.get(s.name) ?? [], s.baselineLinesPerSecond) : null;
      return {
        ...s,
        nowBytesPerSecond: a.now.get(s.name) ?? null,
        notSampledReason: a.notSampled(s.name),
        spikeStartedAt: spike && (s.baselineRatio === null || s.baselineRatio > 2) ? spike.startMs : null,
        spikeStartAtOrBefore: spike?.atOrBefore ?? false,
        templates: summary?.top ?? [],
        sampledLines: summary?.lines ?? 0,
        recentLines: t?.recent ?? [],
      };
    });
    const top = new Set(sources.slice(0, DAY_CHART_SOURCES).map((s) => s.name));
    const volumeByKey = new Map([...a.baseline, a.current].map((v) => [v.key, v]));
    const days: SourceDay[] = partitions.map((p, i) => {
      const v = volumeByKey.get(p.key);
      const bySource: { name: string; bytes: number }[] = [];
      let other = 0;
      for (const [name, sv] of v?.bySource ?? []) {
        if (top.has(name)) bySource.push({ name, bytes: sv.bytes });
        else other += sv.bytes;
      }
      bySource.sort((x, y) => y.bytes - x.bytes);
      if (other > 0) bySource.push({ name: 'other', bytes: other });
      const period = periods[i];
      return { key: p.key, date: period?.date ?? null, open: period?.open ?? false, path: displayName(abs(p.rel)), bytes: p.bytes, bySource, current: i === partitions.length - 1 };
    });
    return {
      sources,
      partitionBaselineRatio: partitionRatio(a.current, a.baseline),
      baselinePartitions: partitions.slice(0, -1).map((p) => displayName(abs(p.rel))),
      days,
    };
  }
}

function groupBySource(rows: readonly MessageRow[]): Map<string, MessageRow[]> {
  const out = new Map<string, MessageRow[]>();
  for (const r of rows) {
    const list = out.get(r.source) ?? [];
    list.push(r);
    out.set(r.source, list);
  }
  return out;
}

/** A file asked for by itself: the current partition is that one file, with no baseline. */
function singleFileLayout(path: string, file: ListedEntry): PartitionLayout {
  const files = [{ rel: '', size: file.size }];
  const sqlite = /\.(sqlite3?|db3?|s3db)$/i.test(path);
  return { current: { rel: '', key: '', sqlite: sqlite ? files : [], text: sqlite ? [] : files, bytes: file.size, newestMtimeS: file.mtimeS }, baseline: [] };
}

/** A raw path (one latin1 char per byte) as the bytes a probe gets. */
function rawBytes(raw: string): Buffer {
  return Buffer.from(raw, 'latin1');
}
