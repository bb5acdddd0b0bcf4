// The sources analysis `spoolscope export` reuses for up to an hour: a timer running the export every few
// minutes would otherwise sample every root's newest partition each time. Kept in one small JSON file of
// the data directory (not the state store: it is a disposable cache, and a lost or corrupt file only means
// one fresh analysis). Written to a temp file and renamed, so two exports at once never read half a file.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXPORT_SOURCES_CACHE_FILE = 'export-sources-cache.json';
/** How long an analysis is reused. */
export const SOURCES_REUSE_MS = 60 * 60 * 1000;
/** Roots kept in the file; the least recently analysed go first. */
const MAX_ENTRIES = 256;
/** Sources kept per root (those with a baseline ratio, highest first) and their names' length. */
const MAX_SOURCES = 100;
const MAX_NAME_CHARS = 1024;

export interface CachedSources {
  node: string;
  root: string;
  analyzedAt: number;
  partition: string;
  partial: boolean;
  sources: { name: string; baselineRatio: number | null }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** An entry as this version writes it; anything else (another version's, a hand edit) is ignored. */
function isEntry(v: unknown): v is CachedSources {
  return (
    isObject(v) &&
    typeof v.node === 'string' &&
    typeof v.root === 'string' &&
    typeof v.analyzedAt === 'number' &&
    typeof v.partition === 'string' &&
    typeof v.partial === 'boolean' &&
    Array.isArray(v.sources) &&
    v.sources.every((s) => isObject(s) && typeof s.name === 'string' && (s.baselineRatio === null || typeof s.baselineRatio === 'number'))
  );
}

export class ExportSourcesCache {
  private readonly path: string;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(dataDir, EXPORT_SOURCES_CACHE_FILE);
  }

  private readAll(): CachedSources[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      return isObject(parsed) && parsed.version === 1 && Array.isArray(parsed.entries) ? parsed.entries.filter(isEntry) : [];
    } catch {
      return []; // none yet, or unreadable: analysed afresh
    }
  }

  /** The root's analysis when it is younger than an hour (and not from the future: a clock set back). */
  fresh(node: string, root: string): CachedSources | null {
    const e = this.readAll().find((x) => x.node === node && x.root === root);
    if (!e) return null;
    const age = this.now() - e.analyzedAt;
    return age >= 0 && age < SOURCES_REUSE_MS ? e : null;
  }

  /** Keeps the analysis; a failure to write only costs the next export a fresh analysis, so it is returned, not thrown. */
  put(entry: CachedSources): string | null {
    const bounded: CachedSources = {
      ...entry,
      sources: entry.sources
        .filter((s) => s.baselineRatio !== null)
        .sort((a, b) => (b.baselineRatio ?? 0) - (a.baselineRatio ?? 0))
        .slice(0, MAX_SOURCES)
        .map((s) => ({ name: s.name.slice(0, MAX_NAME_CHARS), baselineRatio: s.baselineRatio })),
    };
    const entries = [bounded, ...this.readAll().filter((x) => !(x.node === entry.node && x.root === entry.root))]
      .sort((a, b) => b.analyzedAt - a.analyzedAt)
      .slice(0, MAX_ENTRIES);
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, JSON.stringify({ version: 1, entries }), { mode: 0o600 });
      renameSync(tmp, this.path);
      return null;
    } catch (err) {
      rmSync(tmp, { force: true });
      return `the sources analysis of ${entry.root} could not be kept for the next export: ${(err as Error).message}`;
    }
  }
}
