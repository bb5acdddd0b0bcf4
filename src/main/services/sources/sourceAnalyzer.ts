// Runaway sources: from a partition (or a root: its newest day) to who wrote its bytes, how fast against
// their own baseline (the previous 7 partitions), since when, and the repeating message behind it.
// Everything is bounded: the sampling (bytes of text tails, rows of SQLite tables), output of each probe, and a time
// budget for the whole analysis, past which the report is partial.
import { TemplateCounter } from '../../core/sources/messageTemplate';
import { detectLogSchema } from '../../core/sources/sqliteLogSchema';
import { samplingFromRows, samplingStatements, schemaStatements, tablesFromRows, type SamplingShape } from '../../core/sources/sqliteSamplingSql';
import { sqliteVolume, type SqliteVolume } from '../../core/sources/sqliteVolumes';
import { isCompressed, isDayPath, layoutPartitions, parseListing, partitionSeconds, sourceNameOfFile, type DayPartition, type ListedEntry, type PartitionLayout } from '../../core/sources/sourcePartitions';
import { partitionRatio, rankSources, spikeStart, type PartitionVolume, type RateBucket, type SourceVolume } from '../../core/sources/sourceRates';
import { analyzeTail } from '../../core/sources/textTail';
import { displayName } from '../../core/common/displayName';
import { parseWriters } from '../../core/sources/writerRecords';
import { probeScripts } from '../../probe/probeScripts';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import type { Source, SourceDay, SourcesReport, SqliteLogOverride } from '../../../shared/sourceModels';
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
  strata: number;
  rowsPerStratum: number;
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

export interface AnalyzeOptions {
  override?: SqliteLogOverride | null;
  /** 'auto': better-sqlite3 for this machine, the node's sqlite3 elsewhere; 'shell': the node's sqlite3 always. */
  sqliteReader?: 'auto' | 'shell';
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
    const entries = parseListing(list.output);
    if (list.limited) {
      partial = true;
      messages.push(`listing ${list.limited}`);
    }
    if (entries.length === 0) throw new RpcError('not_found', `${path} could not be listed on ${node}`);
    const rootEntry = entries.find((e) => e.rel === '');
    const isFile = rootEntry?.type === 'f';
    const layout = isFile ? singleFileLayout(clean, rootEntry) : layoutPartitions(listedRaw, entries, wantedRel);
    const abs = (rel: string) => (rel === '' ? listedRaw : listedRaw === '/' ? `/${rel}` : `${listedRaw}/${rel}`);
    const partitions = [...layout.baseline, layout.current];

    let result: Omit<SourcesReport, 'node' | 'path' | 'partition' | 'writers' | 'partial' | 'messages' | 'analyzedAt' | 'sampling' | 'partitionBytes'> & { sampling: Pick<SourcesReport['sampling'], 'bytesRead' | 'rowsRead'> } | null = null;
    if (layout.current.sqlite.length > 0) {
      const r = await this.sqliteAttribution(transport, node, partitions, abs, budget, options, messages);
      if (r.partial) partial = true;
      result = r.report;
    }
    if (!result) {
      const r = await this.fileAttribution(transport, partitions, abs, budget, layout.current.sqlite.length > 0, messages);
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
    return {
      node,
      path,
      partition: displayName(abs(layout.current.rel)),
      partitionBytes: layout.current.bytes,
      ...result,
      writers,
      sampling: { ...result.sampling, bytesBudget: this.bounds.tailBytes, rowsBudget: this.bounds.tailRows + this.bounds.strata * this.bounds.rowsPerStratum, elapsedMs: Date.now() - started },
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
    abs: (rel: string) => string,
    budget: Budget,
    options: AnalyzeOptions,
    messages: string[],
  ) {
    const b = this.bounds;
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
    const currentK = jobsIdx.indexOf(partitions.length - 1);
    const currentSchema = schemaRun.results[currentK];
    if (currentSchema.error) return fallback(`${displayName(paths[currentK])} could not be read: ${currentSchema.error}`);
    const detected = detectLogSchema(tablesFromRows(currentSchema.rows), options.override);
    if (!detected.ok) return fallback(`${displayName(paths[currentK])}: ${detected.reason}`);
    const schema = detected.schema;

    // Baseline files must have the same table and columns to be compared.
    const usable: number[] = [];
    jobsIdx.forEach((pi, k) => {
      if (pi === partitions.length - 1) return usable.push(k);
      const res = schemaRun.results[k];
      const d = res.error ? null : detectLogSchema(tablesFromRows(res.rows), options.override ?? { table: schema.table, source: schema.source, time: schema.time ?? undefined, message: schema.message ?? undefined });
      if (d && d.ok) usable.push(k);
      else messages.push(`${partitions[pi].key || displayName(paths[k])} left out of the baseline: ${res.error ?? (d && !d.ok ? d.reason : 'unreadable')}`);
    });
    const shape: SamplingShape = { strata: b.strata, rowsPerStratum: b.rowsPerStratum, tailRows: b.tailRows };
    const samplingRun = await run(usable.map((k) => ({ path: paths[k], statements: samplingStatements(schema, shape, jobsIdx[k] === partitions.length - 1) })));
    let partial = false;
    const volumes = new Map<number, SqliteVolume>();
    let rowsRead = 0;
    let currentMessages: { source: string; message: string }[] = [];
    usable.forEach((k, n) => {
      const res = samplingRun.results[n];
      const pi = jobsIdx[k];
      if (res.error) {
        messages.push(`${displayName(paths[k])}: ${res.error}`);
        if (pi === partitions.length - 1) partial = true;
        if (res.rows.length === 0) return;
      }
      const sampled = samplingFromRows(res.rows);
      rowsRead += sampled.strata.length + sampled.messages.length;
      volumes.set(pi, sqliteVolume(partitions[pi].key, sampled, files[pi]!.size));
      if (pi === partitions.length - 1) currentMessages = sampled.messages;
    });
    const current = volumes.get(partitions.length - 1);
    if (!current) return fallback(`${displayName(paths[currentK])} could not be sampled`);
    const baseline = partitions.slice(0, -1).map((_, i) => volumes.get(i)).filter((v): v is SqliteVolume => v !== undefined);

    // Templates from the newest rows, per source, newest line last.
    const texts = new Map<string, SourceText>();
    for (const m of [...currentMessages].reverse()) {
      const t = sourceTextOf(texts, m.source);
      t.counter.add(m.message);
      t.recent.push(m.message);
      if (t.recent.length > 5) t.recent.shift();
    }
    const report = this.assemble(current.volume, baseline.map((v) => v.volume), current.buckets, texts, partitions, abs);
    return {
      report: {
        ...report,
        attribution: 'sqlite-column' as const,
        sqlite: { ...schema, reader },
        sampling: { bytesRead, rowsRead },
      },
      partial,
    };
  }

  private async fileAttribution(transport: Transport, partitions: DayPartition[], abs: (rel: string) => string, budget: Budget, fromSqlite: boolean, messages: string[]) {
    const b = this.bounds;
    const current = partitions[partitions.length - 1];
    const volumeOf = (p: DayPartition): PartitionVolume => {
      const bySource = new Map<string, SourceVolume>();
      for (const f of [...p.text, ...p.sqlite]) {
        const name = displayName(p.sqlite.includes(f) ? f.rel.slice(f.rel.lastIndexOf('/') + 1) : sourceNameOfFile(f.rel));
        const v = bySource.get(name) ?? { bytes: 0, lines: 0 };
        v.bytes += f.size;
        bySource.set(name, v);
      }
      return { key: p.key, seconds: partitionSeconds(p.key, p.newestMtimeS > 0 ? p.newestMtimeS * 1000 : null), bySource };
    };
    // Tails of the largest uncompressed text files of the current partition.
    const tailed = current.text.filter((f) => !isCompressed(f.rel) && f.size > 0).sort((a, c) => c.size - a.size).slice(0, Math.min(MAX_TAIL_FILES, Math.max(1, Math.floor(b.tailBytes / MIN_TAIL_BYTES))));
    const perFile = tailed.length > 0 ? Math.floor(b.tailBytes / tailed.length) : 0;
    const texts = new Map<string, SourceText>();
    const avgLine = new Map<string, number>();
    const buckets = new Map<string, RateBucket[]>();
    let bytesRead = 0;
    let rowsRead = 0;
    let partial = false;
    let firstMs: number | null = null;
    let lastMs: number | null = null;
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
        const name = displayName(sourceNameOfFile(file.rel));
        const t = sourceTextOf(texts, name);
        const tail = analyzeTail(new TextDecoder('utf-8', { fatal: false }).decode(content), Number.isFinite(size) ? size : file.size, content.length, t.counter);
        rowsRead += tail.lines;
        t.recent = tail.recent;
        if (tail.avgLineBytes > 0) avgLine.set(name, tail.avgLineBytes);
        if (tail.buckets.length > 0) buckets.set(name, tail.buckets);
        if (tail.firstMs !== null) firstMs = firstMs === null ? tail.firstMs : Math.min(firstMs, tail.firstMs);
        if (tail.lastMs !== null) lastMs = lastMs === null ? tail.lastMs : Math.max(lastMs, tail.lastMs);
      }
    }
    // Lines from bytes at each source's sampled line length (the same length assumed on earlier days).
    const withLines = (v: PartitionVolume): PartitionVolume => {
      const bySource = new Map<string, SourceVolume>();
      for (const [name, s] of v.bySource) bySource.set(name, { bytes: s.bytes, lines: avgLine.has(name) ? Math.round(s.bytes / avgLine.get(name)!) : 0 });
      return { ...v, bySource };
    };
    const volumes = partitions.map((p) => withLines(volumeOf(p)));
    if (!partitions.some((p) => p.key !== '')) {
      messages.push(`no day partitions around ${displayName(abs(current.rel))}: no baseline to compare with`);
    }
    const report = this.assemble(volumes[volumes.length - 1], volumes.slice(0, -1), buckets, texts, partitions, abs);
    return {
      report: {
        ...report,
        attribution: (fromSqlite || current.text.length + current.sqlite.length <= 1 ? 'file' : 'file-name') as 'file' | 'file-name',
        sqlite: null,
        sampling: { bytesRead, rowsRead },
      },
      partial,
    };
  }

  private assemble(
    current: PartitionVolume,
    baseline: PartitionVolume[],
    buckets: Map<string, RateBucket[]>,
    texts: Map<string, SourceText>,
    partitions: DayPartition[],
    abs: (rel: string) => string,
  ) {
    const ranked = rankSources(current, baseline).slice(0, MAX_SOURCES);
    const sources: Source[] = ranked.map((s, i) => {
      const t = i < SOURCES_WITH_TEMPLATES ? texts.get(s.name) : undefined;
      const summary = t?.counter.summary(TEMPLATES_PER_SOURCE);
      const spike = s.baselineLinesPerSecond !== null ? spikeStart(buckets.get(s.name) ?? [], s.baselineLinesPerSecond) : null;
      return {
        ...s,
        spikeStartedAt: spike && (s.baselineRatio === null || s.baselineRatio > 2) ? spike.startMs : null,
        spikeStartAtOrBefore: spike?.atOrBefore ?? false,
        templates: summary?.top ?? [],
        sampledLines: summary?.lines ?? 0,
        recentLines: t?.recent ?? [],
      };
    });
    const top = new Set(sources.slice(0, DAY_CHART_SOURCES).map((s) => s.name));
    const volumeByKey = new Map([...baseline, current].map((v) => [v.key, v]));
    const days: SourceDay[] = partitions.map((p, i) => {
      const v = volumeByKey.get(p.key);
      const bySource: { name: string; bytes: number }[] = [];
      let other = 0;
      for (const [name, sv] of v?.bySource ?? []) {
        if (top.has(name)) bySource.push({ name, bytes: sv.bytes });
        else other += sv.bytes;
      }
      bySource.sort((a, b) => b.bytes - a.bytes);
      if (other > 0) bySource.push({ name: 'other', bytes: other });
      return { key: p.key, path: displayName(abs(p.rel)), bytes: p.bytes, bySource, current: i === partitions.length - 1 };
    });
    return {
      sources,
      partitionBaselineRatio: partitionRatio(current, baseline),
      baselinePartitions: partitions.slice(0, -1).map((p) => displayName(abs(p.rel))),
      days,
    };
  }
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
