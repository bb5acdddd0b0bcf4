// Stores of numbered segments: Kafka log directories, Prometheus TSDB data directories, and any other
// write-ahead log found by its shape (numbered segments beside a lock, checkpoint or manifest, or held by a
// writer). Kafka is never reaped; a stopped Prometheus or generic WAL may lose whole units, oldest first.
import type { StoreEvidence } from '../../../shared/dataStoreModels';
import { displayName } from '../common/displayName';
import { classifyFile, isDayDirectory } from '../common/partitionPatterns';
import { joinPath, nameOf } from './dirIndex';
import { newStore, type DetectedStore, type DetectionContext } from './detectedStore';
import { holdersOf, type HolderTable } from './storeHolders';

const KAFKA_CHECKPOINTS = ['recovery-point-offset-checkpoint', 'replication-offset-checkpoint', 'log-start-offset-checkpoint', 'cleaner-offset-checkpoint'];
const KAFKA_PARTITION = /^(.+)-(\d+)(?:\.[0-9a-f]+-(?:delete|future))?$/s;
/** A ULID: 26 characters of Crockford's base32. */
export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** What marks a directory of numbered segments as one writer's log: a lock, a checkpoint, a manifest. */
const WAL_MARKER = /^(?:\.?lock|LOCK|.+\.lock|.+\.pid|MANIFEST.*|CURRENT|checkpoint.*|.+[.-]checkpoint|.+\.manifest)$/is;
const MIN_SEGMENTS = 3;

export function detectKafka(ctx: DetectionContext): DetectedStore[] {
  const { index, reads } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    if (!index.hasFile(dir, 'meta.properties')) continue;
    const checkpoints = KAFKA_CHECKPOINTS.filter((c) => index.hasFile(dir, c));
    const meta = reads.texts.get(joinPath(dir, 'meta.properties')) ?? '';
    const ids = /^(?:broker\.id|node\.id|cluster\.id)=/m.test(meta);
    if (checkpoints.length === 0 && !ids) continue;
    const evidence: StoreEvidence[] = [{ what: `meta.properties${ids ? ` (${meta.split('\n').filter((l) => /^(cluster\.id|broker\.id|node\.id)=/.test(l)).join(', ')})` : ''}`, path: displayName(joinPath(dir, 'meta.properties')) }];
    if (checkpoints.length > 0) evidence.push({ what: `${checkpoints.join(', ')} (a Kafka log directory)`, path: displayName(dir) });
    const partitions: { name: string; bytes: number }[] = [];
    for (const sub of index.subdirs(dir)) {
      if (!KAFKA_PARTITION.test(nameOf(sub.path))) continue;
      let bytes = 0;
      for (const e of index.under(sub.path)) if (e.type === 'f') bytes += e.blocks * 512;
      partitions.push({ name: displayName(nameOf(sub.path)), bytes });
    }
    partitions.sort((a, b) => b.bytes - a.bytes);
    out.push(newStore('kafka', dir, evidence, { managedDirs: [dir], details: { partitions } }));
  }
  return out;
}

/** A block's maxTime (ms) from its meta.json; null when unreadable. */
export function blockMaxTime(text: string | undefined): number | null {
  if (text === undefined) return null;
  try {
    const j = JSON.parse(text) as { maxTime?: unknown };
    return typeof j.maxTime === 'number' ? j.maxTime : null;
  } catch {
    return null;
  }
}

export function detectPrometheus(ctx: DetectionContext): DetectedStore[] {
  const { index, reads } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    const blocks = index.subdirs(dir).filter((e) => ULID.test(nameOf(e.path)) && index.hasFile(e.path, 'meta.json'));
    const head = index.hasDir(dir, 'wal') && index.hasDir(dir, 'chunks_head');
    if (blocks.length === 0 && !head) continue;
    const evidence: StoreEvidence[] = [];
    if (blocks.length > 0) evidence.push({ what: `${blocks.length} block director${blocks.length === 1 ? 'y' : 'ies'} named by ULID with meta.json`, path: displayName(blocks[0].path) });
    if (head) evidence.push({ what: 'wal/ and chunks_head/ (a Prometheus TSDB head)', path: displayName(dir) });
    const units = blocks.map((b) => {
      const maxTime = blockMaxTime(reads.texts.get(joinPath(b.path, 'meta.json')));
      let newest = 0;
      for (const e of index.under(b.path)) if (e.mtime > newest) newest = e.mtime;
      return { path: b.path, order: maxTime ?? newest * 1000 };
    });
    units.sort((a, b) => a.order - b.order || (a.path < b.path ? -1 : 1));
    out.push(newStore('prometheus-tsdb', dir, evidence, { managedDirs: [dir], units }));
  }
  return out;
}

/**
 * A directory of numbered segments that one writer owns: at least three segments (a Kafka-style segment with
 * its indexes counts once) beside a lock, checkpoint or manifest, or with one of them held open for writing
 * or locked. A day directory is a day, not a log. `claimed`: files other detectors found to be a store's.
 */
export function detectGenericWal(ctx: DetectionContext, holders: HolderTable, claimed: ReadonlySet<string> = new Set()): DetectedStore[] {
  const { index } = ctx;
  const out: DetectedStore[] = [];
  for (const dir of index.dirs()) {
    const parts = dir.split('/').filter((p) => p !== '');
    if (parts.length === 0 || isDayDirectory(parts[parts.length - 1], parts.slice(0, -1).reverse())) continue;
    const dirName = parts[parts.length - 1];
    const groups = new Set<string>();
    const segmentFiles = [];
    for (const e of index.files(dir)) {
      const cls = classifyFile(nameOf(e.path), dirName);
      // Another store's own files (a binlog set its index names, PostgreSQL WAL) are that store's, however
      // WAL-shaped: counting them here made /var/log/mysql a generic WAL that swallowed the binlog store.
      if (cls.partition !== 'segment' || cls.storeHint || claimed.has(e.path)) continue;
      groups.add(cls.groupKey);
      segmentFiles.push(e);
    }
    if (groups.size < MIN_SEGMENTS) continue;
    const marker = index.list(dir).find((e) => WAL_MARKER.test(nameOf(e.path)));
    const held = holdersOf(holders, new Set(segmentFiles.map((e) => `${e.dev}:${e.ino}`))).filter((h) => h.how !== 'read');
    if (!marker && held.length === 0) continue;
    const evidence: StoreEvidence[] = [{ what: `${groups.size} numbered segments`, path: displayName(dir) }];
    if (marker) evidence.push({ what: `beside ${displayName(nameOf(marker.path))} (a lock, checkpoint or manifest)`, path: displayName(marker.path) });
    for (const h of held.slice(0, 3)) evidence.push({ what: `a segment ${h.how === 'lock' ? 'locked' : 'open for writing'} by pid ${h.pid} (${h.comm})`, path: null });
    out.push(newStore('generic-wal', dir, evidence, { managedDirs: [dir], details: { marker: marker ? displayName(nameOf(marker.path)) : undefined } }));
  }
  return out;
}

