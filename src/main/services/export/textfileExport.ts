// `spoolscope export --textfile DIR`: Spoolscope's own figures written to DIR/spoolscope.prom for
// node_exporter's textfile collector. Each root is scanned afresh through the scan service (its bounds and
// limits), held bytes come from the held scanner, and each root's newest partition's sources from an analysis
// kept for up to an hour (exportSourcesCache.ts). Everything goes through the same contract calls the window
// and the other commands make, so overrides and time zones saved for sources apply here too.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatTextfile, type ExportFigures, type RootFigures } from '../../core/export/promTextfile';
import { ExportSourcesCache } from './exportSourcesCache';
import type { MethodName, RequestOf, ResponseOf } from '../../../shared/contract';
import type { ScanSummary } from '../../../shared/models';

export const TEXTFILE_NAME = 'spoolscope.prom';
/** Scan errors and held-scan errors repeated as warnings, per root and for the held scan. */
const WARNINGS_PER_PART = 5;

/** A contract call that throws the failure's message. */
export type ContractCall = <M extends MethodName>(method: M, request: RequestOf<M>) => Promise<ResponseOf<M>>;

export interface TextfileExportDeps {
  call: ContractCall;
  /** Resolves once the scan job has ended. */
  scanSettled(jobId: string): Promise<void>;
  /** The newest mtime (epoch s) of the scan's oldest partition, among all its partitions. */
  oldestPartitionMtime(jobId: string): number | null;
  dataDir: string;
  now?: () => number;
}

export interface TextfileExportRequest {
  node: string;
  /** Absolute roots; empty: the node's configured roots. */
  roots: string[];
  /** node_exporter's --collector.textfile.directory. */
  dir: string;
}

/** What was written, as `export --json` prints it. */
export interface TextfileExportReport extends ExportFigures {
  file: string;
  node: string;
  /** Why a figure is missing or partial, one line each. */
  warnings: string[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Nothing was written: no roots to export, or the file could not be written. */
export class TextfileExportError extends Error {}

/**
 * Whole or not at all: a temp name node_exporter skips (it reads only *.prom), synced, then renamed over the
 * previous file, so a scrape sees the old file or the new one, never half of one. Readable by all: node_exporter
 * runs as its own account.
 */
export function writeTextfileAtomically(dir: string, text: string): string {
  const target = join(dir, TEXTFILE_NAME);
  const tmp = join(dir, `.${TEXTFILE_NAME}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      const buf = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new TextfileExportError(`cannot write ${target}: ${message(err)}`);
  }
  return target;
}

/** Seconds since the newest write into the oldest partition (reaps go oldest first by that mtime, in epoch seconds). */
export function partitionAgeSeconds(newestMtime: number | null, nowMs: number): number | null {
  return newestMtime === null ? null : Math.max(0, Math.round(nowMs / 1000 - newestMtime));
}

async function scanRoot(deps: TextfileExportDeps, node: string, root: string, warnings: string[]): Promise<{ summary: ScanSummary | null; oldestMtime: number | null; partial: boolean }> {
  try {
    const { jobId } = await deps.call('scan.start', { node, root });
    await deps.scanSettled(jobId);
    const progress = await deps.call('scan.progress', { jobId });
    if (progress.state === 'failed') {
      warnings.push(`${root}: ${progress.message ?? 'scan failed'}`);
      return { summary: null, oldestMtime: null, partial: true };
    }
    const summary = await deps.call('scan.summary', { jobId });
    for (const e of summary.errors.slice(0, WARNINGS_PER_PART)) warnings.push(`${root}: ${e}`);
    return { summary, oldestMtime: deps.oldestPartitionMtime(jobId), partial: summary.partial };
  } catch (err) {
    warnings.push(`${root}: ${message(err)}`);
    return { summary: null, oldestMtime: null, partial: true };
  }
}

async function sourcesOf(deps: TextfileExportDeps, cache: ExportSourcesCache, node: string, root: string, warnings: string[]): Promise<{ sources: RootFigures['sources']; partial: boolean }> {
  const cached = cache.fresh(node, root);
  if (cached) return { sources: cached.sources, partial: cached.partial };
  try {
    const r = await deps.call('sources.analyze', { node, path: root });
    const sources = r.sources.map((s) => ({ name: s.name, baselineRatio: s.baselineRatio }));
    const failed = cache.put({ node, root, analyzedAt: r.analyzedAt, partition: r.partition, partial: r.partial, sources });
    if (failed) warnings.push(failed);
    return { sources, partial: r.partial };
  } catch (err) {
    warnings.push(`${root}: sources not analysed: ${message(err)}`);
    return { sources: null, partial: true };
  }
}

/** Scans, reads held files and sources, writes the textfile. A root that cannot be scanned is left out and makes it partial. */
export async function exportTextfile(deps: TextfileExportDeps, req: TextfileExportRequest): Promise<TextfileExportReport> {
  const now = deps.now ?? Date.now;
  const cache = new ExportSourcesCache(deps.dataDir, now);
  const configured = req.roots.length > 0 ? req.roots : (await deps.call('roots.list', { node: req.node })).roots.map((r) => r.path);
  if (configured.length === 0) throw new TextfileExportError(`no roots configured on ${req.node}: name a ROOT, or add one (the window's roots, or spoolscope plan ROOT --add-root)`);
  const warnings: string[] = [];
  let partial = false;
  const roots: RootFigures[] = [];
  for (const root of [...new Set(configured)]) {
    const scanned = await scanRoot(deps, req.node, root, warnings);
    partial ||= scanned.partial;
    const s = scanned.summary;
    if (!s) continue;
    const partitions = s.partitions.length + s.morePartitions.count;
    let sources: RootFigures['sources'] = null;
    // A root without partitions has no newest partition to attribute: nothing missing.
    if (partitions > 0) {
      const r = await sourcesOf(deps, cache, req.node, root, warnings);
      sources = r.sources;
      partial ||= r.partial;
    }
    roots.push({ root, bytes: s.allocatedBytes, partitions, oldestPartitionAgeSeconds: partitionAgeSeconds(scanned.oldestMtime, now()), sources });
  }
  let held: ExportFigures['held'] = null;
  try {
    const h = await deps.call('held.scan', { node: req.node });
    held = h.filesystems.map((f) => ({ mountpoint: f.mount, bytes: f.heldBytes }));
    partial ||= h.partial;
    for (const e of h.errors.slice(0, WARNINGS_PER_PART)) warnings.push(`held files: ${e}`);
  } catch (err) {
    warnings.push(`held files not read: ${message(err)}`);
    partial = true;
  }
  const file = writeTextfileAtomically(req.dir, formatTextfile({ roots, held, partial }));
  return { file, node: req.node, roots, held, partial, warnings };
}
