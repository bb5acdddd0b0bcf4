// Data-store detection, pure: the probe's listing in, which files to read out (a few bytes of magic, small
// text files), then with those reads the stores found, each with the exact set of files it manages, who holds
// them, and their bytes. A store inside another's directory (a WAL-shaped pg_wal inside a PostgreSQL data
// directory) is the outer store's.
import { displayName } from '../common/displayName';
import { DirIndex, isUnder, joinPath, nameOf } from './dirIndex';
import type { DetectedStore, DetectionContext } from './detectedStore';
import { detectClickhouse, detectElasticsearch, detectMysqlBinlog, detectPostgresql, BINLOG_NAME } from './detectDatabases';
import { detectDockerJson, detectJournald, detectKubeletCri, journalCandidates } from './detectLogs';
import { detectGenericWal, detectKafka, detectPrometheus, ULID } from './detectSegmentStores';
import { detectAptCache, detectCoredump, detectSnap } from './detectSystem';
import { holdersOf, type HolderTable } from './storeHolders';
import type { ListedEntry, ReadRequest, StoreReads } from './storeRecords';

/** Reads per detection run at most: a node with 10,000 binlogs still costs one short probe. */
export const MAX_READS = 4000;
const TEXT_SMALL = 4096;
const TEXT_LARGE = 64 * 1024;

/** Which files of the listing detection reads: a couple of magic numbers per family, small signature files. */
export function pickReads(index: DirIndex, extra: readonly ReadRequest[] = []): ReadRequest[] {
  const reads: ReadRequest[] = [...extra];
  const add = (path: string, what: ReadRequest['what']) => {
    if (reads.length < MAX_READS) reads.push({ path, what });
  };
  for (const dir of index.dirs()) {
    const files = index.files(dir);
    const names = files.map((e) => nameOf(e.path));
    for (const n of journalCandidates(names)) add(joinPath(dir, n), 'magic');
    const byBase = new Map<string, string[]>();
    for (const n of names) {
      const m = BINLOG_NAME.exec(n);
      if (m) byBase.set(m[1], [...(byBase.get(m[1]) ?? []), n]);
    }
    for (const [base, list] of byBase) {
      const sorted = list.sort();
      // The oldest and the newest: an index names them all, the magic of two is proof enough.
      for (const n of new Set([sorted[0], sorted[sorted.length - 1]])) add(joinPath(dir, n), 'magic');
      if (names.includes(`${base}.index`)) add(joinPath(dir, `${base}.index`), TEXT_LARGE);
    }
    for (const n of ['PG_VERSION', 'postmaster.pid', 'meta.properties']) if (names.includes(n)) add(joinPath(dir, n), TEXT_SMALL);
    if (names.includes('hostconfig.json')) add(joinPath(dir, 'hostconfig.json'), TEXT_LARGE);
    if (names.includes('config.v2.json')) add(joinPath(dir, 'config.v2.json'), TEXT_LARGE);
    if (names.includes('meta.json') && ULID.test(nameOf(dir))) add(joinPath(dir, 'meta.json'), TEXT_SMALL);
  }
  return reads;
}

export interface DetectionInput {
  index: DirIndex;
  reads: StoreReads;
  holders: HolderTable & { cmdlines: ReadonlyMap<number, readonly string[]> };
}

const DETECTORS = [detectPostgresql, detectMysqlBinlog, detectElasticsearch, detectClickhouse, detectKafka, detectPrometheus, detectJournald, detectDockerJson, detectKubeletCri, detectCoredump, detectAptCache, detectSnap];

export function detectStores(input: DetectionInput): DetectedStore[] {
  const ctx: DetectionContext = { index: input.index, reads: input.reads, processes: { comms: input.holders.comms, cmdlines: input.holders.cmdlines } };
  const found = DETECTORS.flatMap((d) => d(ctx));
  found.push(...detectGenericWal(ctx, input.holders, new Set(found.flatMap((s) => s.managedFiles))));
  // Outermost first, so a store nested in another's directory is seen after the one that holds it.
  found.sort((a, b) => a.path.length - b.path.length);
  const kept: DetectedStore[] = [];
  for (const s of found) {
    const inside = kept.find((k) => k.managedDirs.some((d) => d !== s.path && isUnder(s.path, d)));
    if (inside) continue;
    kept.push(s);
  }
  for (const s of kept) measure(s, input);
  return kept.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
}

/** Every listed entry a store manages (its directories' whole trees, its single files). */
export function managedEntries(store: DetectedStore, index: DirIndex): ListedEntry[] {
  const out: ListedEntry[] = [];
  for (const d of store.managedDirs) for (const e of index.under(d)) out.push(e);
  for (const f of store.managedFiles) {
    const e = index.get(f);
    if (e) out.push(e);
  }
  return out;
}

function measure(store: DetectedStore, input: DetectionInput): void {
  const entries = managedEntries(store, input.index);
  const inodes = new Set<string>();
  let bytes = 0;
  let files = 0;
  for (const e of entries) {
    const key = `${e.dev}:${e.ino}`;
    if (inodes.has(key)) continue;
    inodes.add(key);
    if (e.type === 'f') files++;
    bytes += e.blocks * 512;
  }
  store.bytes = bytes;
  store.files = files;
  store.holders = holdersOf(input.holders, inodes);
  for (const h of store.holders.slice(0, 3)) store.evidence.push({ what: `${h.how === 'write' ? 'written' : h.how === 'lock' ? 'locked' : 'held open'} by pid ${h.pid} (${h.comm})`, path: null });
}

/** Display form of a store's path. */
export function storePathText(store: DetectedStore): string {
  return displayName(store.path);
}
