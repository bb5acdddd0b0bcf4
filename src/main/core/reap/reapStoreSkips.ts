// Data stores in a reap plan (issue 15): a store's match overrides the partition classifier for the files it
// manages. By REAP_RULES: a 'never' kind's partitions are skipped store-managed; a 'rotated-only' kind (container
// logs) keeps its rotated files as ordinary partitions and skips its active log; a 'stopped-units' kind
// (Prometheus, a generic WAL) offers whole units (a block directory; a segment with its indexes), its newest
// kept, only while no process holds a file or lock in it (else store-active). A file named like a store's own
// (a binlog, PostgreSQL WAL) whose store was not found is skipped too: the name alone is enough to refuse.
import type { StoreGuidance } from '../../../shared/dataStoreModels';
import type { ReapSkip } from '../../../shared/reapModels';
import { displayName } from '../common/displayName';
import { classifyFile } from '../common/partitionPatterns';
import { claimOf, type StoreClaim } from '../dataStores/storeClaims';
import type { FactEntry } from './reapFacts';
import { baseName, dirOf, type Partition } from './reapPartitions';

export interface StoreSorting {
  /** Partitions the policy may take: ordinary ones and units of stopped stores. */
  candidates: Partition[];
  skipped: ReapSkip[];
  /** Candidates that are a stopped store's units, with their store. */
  unitStore: Map<Partition, StoreClaim>;
  /** Guidance of every store a skip or a unit points to. */
  guidance: StoreGuidance[];
}

/** The store's own way to free space, as a skip's reason ends: the action that frees bytes, else the first. */
function safeAction(c: StoreClaim): string {
  const a = c.guidance.actions.find((x) => x.expectedFreeBytes !== null) ?? c.guidance.actions.find((x) => x.risk !== 'low') ?? c.guidance.actions[0];
  return a ? `; instead: ${a.command}` : '';
}

function managedSkip(path: string, c: StoreClaim, why: string): ReapSkip {
  return { path, code: 'store-managed', reason: `${why} (${c.kind} at ${c.path})${safeAction(c)}`, pid: null, comm: null, store: c.path };
}

function entriesOf(p: Partition): FactEntry[] {
  return [...p.units.flatMap((u) => u.members), ...p.dirs, ...p.symlinks, ...p.specials, ...p.otherDevice];
}

/** A parent directory's name, for the name hints that need it (pg_wal, wal, chunks_head). */
function parentName(rel: string): string | undefined {
  const d = dirOf(rel);
  return d === '.' ? undefined : baseName(d);
}

/** A partition of a whole unit directory (a Prometheus block): every entry under it, removed directory last. */
function unitPartition(key: string, entries: readonly FactEntry[], rootDev: number, mountPoints: ReadonlySet<string>): Partition {
  const p: Partition = { key, kind: 'segment', units: [], dirs: [], symlinks: [], specials: [], otherDevice: [], mountPoints: [], newestMtime: null };
  for (const e of entries) {
    if (e.dev !== rootDev) p.otherDevice.push(e);
    if (mountPoints.has(e.rel)) p.mountPoints.push(e.rel);
    if (e.type === 'l') p.symlinks.push(e);
    else if (e.type === 'other') p.specials.push(e);
    else if (e.type === 'd') p.dirs.push(e);
    else {
      p.units.push({ dir: dirOf(e.rel), members: [e] });
      if (p.newestMtime === null || e.mtime > p.newestMtime) p.newestMtime = e.mtime;
    }
  }
  for (const m of mountPoints) if (!p.mountPoints.includes(m) && m.startsWith(`${key}/`)) p.mountPoints.push(m);
  p.dirs.sort((a, b) => b.rel.split('/').length - a.rel.split('/').length);
  return p;
}

export function sortOutStores(partitions: readonly Partition[], claims: readonly StoreClaim[], entries: readonly FactEntry[], rootDev: number, mountPoints: ReadonlySet<string>): StoreSorting {
  const candidates: Partition[] = [];
  const skipped: ReapSkip[] = [];
  const unitStore = new Map<Partition, StoreClaim>();
  const used = new Set<StoreClaim>();
  const unitsOf = new Map<StoreClaim, Partition[]>();
  for (const p of partitions) {
    const path = displayName(p.key);
    let claim: StoreClaim | null = null;
    let activeFile: FactEntry | null = null;
    let hinted: { e: FactEntry; hint: string } | null = null;
    if (claims.length > 0) {
      for (const e of entriesOf(p)) {
        const c = claimOf(claims, e.rel);
        if (!c) continue;
        claim ??= c;
        if (c.active.has(e.rel)) activeFile ??= e;
      }
    }
    if (!claim) {
      for (const u of p.units) {
        for (const e of u.members) {
          const hint = classifyFile(baseName(e.rel), parentName(e.rel)).storeHint;
          if (hint) hinted ??= { e, hint };
        }
      }
      if (hinted) {
        skipped.push({ path, code: 'store-managed', reason: `${displayName(baseName(hinted.e.rel))} is named like a ${hinted.hint} file and its store was not found under the root: never reaped by name alone (spoolscope stores tells what it is)`, pid: null, comm: null });
        continue;
      }
      candidates.push(p);
      continue;
    }
    used.add(claim);
    if (claim.rule === 'free') candidates.push(p);
    else if (claim.rule === 'never') skipped.push(managedSkip(path, claim, 'managed by a data store: never unlinked by a reap'));
    else if (claim.rule === 'rotated-only') {
      if (activeFile) skipped.push(managedSkip(path, claim, `${displayName(baseName(activeFile.rel))} is the active log: never unlinked (the writer keeps the unlinked inode)`));
      else candidates.push(p);
    } else if (claim.unitDirs.length === 0) {
      // A generic WAL: the classifier's segment groups (a segment with its indexes) are its units.
      unitsOf.set(claim, [...(unitsOf.get(claim) ?? []), p]);
    } else {
      // Prometheus: only whole block directories are units; a chunk file inside one is taken with its block.
      const inUnit = claim.unitDirs.some((u) => p.key === u || p.key.startsWith(`${u}/`));
      if (!inUnit) skipped.push(managedSkip(path, claim, 'not a whole block directory (wal/, chunks_head/): never unlinked by a reap'));
    }
  }
  // A store's own single files that are no partition to the classifier (mysql-bin.000042, a container's
  // active log) are skipped by name too, so the plan says what it keeps and why.
  const fileClaims = claims.filter((c) => c.rule === 'never' || (c.rule === 'rotated-only' && c.active.size > 0));
  if (fileClaims.length > 0) {
    const inPartition = new Set<string>();
    for (const p of partitions) for (const u of p.units) for (const e of u.members) inPartition.add(e.rel);
    const listed = new Set(entries.filter((e) => e.type === 'f').map((e) => e.rel));
    for (const c of fileClaims) {
      const own = c.rule === 'never' ? c.files : c.active;
      for (const rel of [...own].sort()) {
        if (inPartition.has(rel) || !listed.has(rel)) continue;
        used.add(c);
        const why = c.rule === 'never' ? 'managed by a data store: never unlinked by a reap' : 'the active log: never unlinked (the writer keeps the unlinked inode)';
        skipped.push(managedSkip(displayName(rel), c, why));
      }
    }
  }
  // Block directories as partitions, built from the listing (the classifier never saw them as one).
  const blockClaims = claims.filter((c) => c.rule === 'stopped-units' && c.unitDirs.length > 0);
  if (blockClaims.length > 0) {
    const byUnit = new Map<string, { claim: StoreClaim; entries: FactEntry[] }>();
    for (const c of blockClaims) for (const u of c.unitDirs) byUnit.set(u, { claim: c, entries: [] });
    for (const e of entries) {
      const parts = e.rel.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const hit = byUnit.get(parts.slice(0, i).join('/'));
        if (hit) {
          hit.entries.push(e);
          break;
        }
      }
    }
    for (const [key, { claim, entries: es }] of byUnit) {
      if (es.length === 0) continue;
      used.add(claim);
      unitsOf.set(claim, [...(unitsOf.get(claim) ?? []), unitPartition(key, es, rootDev, mountPoints)]);
    }
  }
  for (const [claim, units] of unitsOf) {
    const holder = claim.holders[0];
    if (holder) {
      const how = holder.how === 'write' ? 'open for writing' : holder.how === 'lock' ? 'locked' : 'open';
      const more = claim.holders.length > 1 ? ` and ${claim.holders.length - 1} more` : '';
      for (const p of units) {
        skipped.push({
          path: displayName(p.key),
          code: 'store-active',
          reason: `${claim.kind} at ${claim.path} is in use (a file ${how} by pid ${holder.pid} (${holder.comm})${more}): its units go only while it is stopped (${claim.stopStep})`,
          pid: holder.pid,
          comm: holder.comm,
          store: claim.path,
        });
      }
      continue;
    }
    // Oldest first: Prometheus blocks by maxTime (unitDirs' order), segments by their newest mtime.
    const order = new Map(claim.unitDirs.map((u, i) => [u, i]));
    units.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0) || (a.newestMtime ?? 0) - (b.newestMtime ?? 0) || (a.key < b.key ? -1 : 1));
    const newest = units[units.length - 1];
    skipped.push({ path: displayName(newest.key), code: 'floor', reason: `the newest unit of ${claim.kind} at ${claim.path}: a stopped store's newest unit is always kept`, pid: null, comm: null, store: claim.path });
    for (const p of units.slice(0, -1)) {
      candidates.push(p);
      unitStore.set(p, claim);
    }
  }
  return { candidates, skipped, unitStore, guidance: [...used].map((c) => c.guidance) };
}
