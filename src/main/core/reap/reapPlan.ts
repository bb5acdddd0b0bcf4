// Reap plans, the pure part: which partitions of a root go (oldest first by the newest mtime inside, under a
// size cap and an age, above a newest-N floor, or picked by hand), which are skipped and why, and what
// unlinking them should free (allocated blocks; a hard-linked file frees nothing while another link stays).
// A root that resolves to / or a system directory, or outside every configured root, gives a plan of nothing
// whose one skip is the root (reapScope.ts).
import type { ReapEntry, ReapFile, ReapPlan, ReapPolicy, ReapSkip, RootIdentity } from '../../../shared/reapModels';
import type { PartitionBucket } from '../../../shared/models';
import { displayName } from '../common/displayName';
import { parseBucketPath } from '../../../shared/bucketLabel';
import { openForWriting, type FactEntry, type ReapFacts } from './reapFacts';
import { allocatedOf, dirOf, groupPartitions, partitionEntries, type Partition } from './reapPartitions';
import { judgeRootIdentities, judgeRootScope, rawPath, type RootIdentityJudgement } from './reapScope';
import type { StoreClaim } from '../dataStores/storeClaims';
import { sortOutStores } from './reapStoreSkips';

/** Files listed per plan on the wire (a segment store can plan 100k files); all are still removed. */
export const MAX_LISTED_FILES = 20_000;
const DAY_S = 86_400;

export interface ScanReference {
  /** Display path of each partition as the scan saw it, with its newest mtime. */
  newestMtime: Map<string, number | null>;
  /** The scan's age buckets by display path: a pick of one takes its members (bucketMembers). */
  buckets?: Map<string, PartitionBucket & { count: number }>;
}

/**
 * A bucket's partitions now, from the plan's own facts: its kind, directly in its directory, the newest mtime
 * in its range, bar those the scan listed one by one (their own tiles). One written to since has left the range.
 */
export function bucketMembers(bucket: PartitionBucket, partitions: readonly Partition[], listed: ReadonlyMap<string, unknown>): Partition[] {
  const dir = bucket.dir === '' ? '.' : bucket.dir;
  return partitions.filter(
    (p) => p.kind === bucket.memberKind && p.newestMtime !== null && p.newestMtime >= bucket.from && p.newestMtime < bucket.to && displayName(dirOf(p.key)) === dir && !listed.has(displayName(p.key)),
  );
}

/** True when a partition the scan did not list one by one is a member of one of its buckets now. */
function inScanBucket(p: Partition, scan: ScanReference): boolean {
  for (const b of scan.buckets?.values() ?? []) if (bucketMembers(b, [p], scan.newestMtime).length > 0) return true;
  return false;
}

export interface ReapPlanInput {
  planId: string;
  node: string;
  root: string;
  /** The node's configured roots as sent to the facts probe (same order as its "C" records). */
  configuredRoots: readonly string[];
  /**
   * The identity recorded for each configured root (same order; null where none is yet). A configured root
   * that changed since refuses a root it holds; omitted, identities are not judged.
   */
  recordedRoots?: readonly (RootIdentity | null)[];
  createdAt: number;
  facts: ReapFacts;
  policy: ReapPolicy;
  /** Display paths picked by hand; null for a policy plan. */
  manual: string[] | null;
  /** The scan the manual picks were made on: a partition written to since is skipped. */
  scan?: ScanReference | null;
  /**
   * The data stores found under (or holding) the root: their files are not the classifier's to plan
   * (reapStoreSkips.ts). Omitted: none were looked for (a name that is a store's own is still refused).
   */
  stores?: readonly StoreClaim[];
}

/** The plan as kept by the service: the wire plan plus the raw units the executor gets. */
export interface InternalReapPlan {
  plan: ReapPlan;
  rootDev: number;
  rootIno: number;
  rootMountId: number;
  /** Raw physical root (latin1). */
  rootRaw: string;
  partitions: Partition[];
  /** Configured roots seen for the first time by this plan: the caller records their identity. */
  firstSeenRoots: RootIdentityJudgement['firstSeen'];
}

type Skip = Omit<ReapSkip, 'path'>;

function skip(code: ReapSkip['code'], reason: string, pid: number | null = null, comm: string | null = null): Skip {
  return { code, reason, pid, comm };
}

/** A process name as shown: the probe's raw bytes, escaped where not printable UTF-8. */
function commOf(facts: ReapFacts, pid: number): string | null {
  const raw = facts.comms.get(pid);
  return raw === undefined ? null : displayName(raw);
}

/** Inodes any process holds open for writing or locks on the root's device: most partitions hold none. */
function busyInodes(facts: ReapFacts, rootDev: number): Set<number> {
  const busy = new Set<number>();
  for (const o of facts.openFds) if (openForWriting(o.flags)) busy.add(o.ino);
  for (const l of facts.locks) if (l.dev === rootDev) busy.add(l.ino);
  return busy;
}

/** Why a partition may not be unlinked at all, whatever the policy says; null when it may. */
function safetySkip(p: Partition, facts: ReapFacts, rootDev: number, busy: ReadonlySet<number>): Skip | null {
  if (p.symlinks.length > 0) return skip('symlink', `a symlink in its path (${displayName(p.symlinks[0].rel)}): never followed, never reaped`);
  if (p.otherDevice.length > 0) return skip('other-filesystem', `${displayName(p.otherDevice[0].rel)} is on another filesystem: reaping never crosses a filesystem boundary`);
  if (p.mountPoints.length > 0) {
    return skip('mount-point', `${displayName(p.mountPoints[0])} is a mount point (a bind mount of this filesystem is one too): never entered, never reaped`);
  }
  if (p.specials.length > 0) return skip('special-file', `holds a special file (${displayName(p.specials[0].rel)}): not a log partition`);
  // The partition's own inode set only when one of them is busy: a million-file partition is usually idle.
  if (!p.units.some((u) => u.members.some((e) => busy.has(e.ino)))) return null;
  const inodes = new Set(p.units.flatMap((u) => u.members).map((e) => e.ino));
  for (const o of facts.openFds) {
    if (inodes.has(o.ino) && openForWriting(o.flags)) {
      const comm = commOf(facts, o.pid);
      const how = o.flags === null ? 'open (mode unreadable, assumed writing)' : 'open for writing';
      return skip('open-for-writing', `${how} by pid ${o.pid}${comm ? ` (${comm})` : ''}`, o.pid, comm);
    }
  }
  for (const l of facts.locks) {
    if (l.dev === rootDev && inodes.has(l.ino)) {
      const comm = commOf(facts, l.pid);
      const kind = l.kind === 'FLOCK' ? 'flock' : l.kind === 'POSIX' ? 'POSIX (fcntl) lock' : `${l.kind} lock`;
      return skip('locked', `locked: ${kind} held by pid ${l.pid}${comm ? ` (${comm})` : ''}`, l.pid, comm);
    }
  }
  return null;
}

/** Oldest first; equal times by path so a plan is stable. */
function byAge(a: Partition, b: Partition): number {
  return (a.newestMtime ?? 0) - (b.newestMtime ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * What unlinking entries frees, as a plan grows: a file's blocks once all its links are planned (a
 * hard-linked file whose other link stays frees nothing), each inode once.
 */
class FreeingTally {
  private readonly links = new Map<string, number>();

  /** Adds the entries; returns the bytes they free given everything added so far. */
  add(entries: readonly FactEntry[]): number {
    let freed = 0;
    for (const e of entries) {
      if (e.type === 'd' || e.nlink <= 1) {
        freed += e.blocks * 512;
        continue;
      }
      const k = `${e.dev}:${e.ino}`;
      const n = (this.links.get(k) ?? 0) + 1;
      this.links.set(k, n);
      if (n === e.nlink) freed += e.blocks * 512;
    }
    return freed;
  }

  /** After every add: whether this inode's last link is planned. */
  whole(e: FactEntry): boolean {
    return e.type === 'd' || e.nlink <= 1 || (this.links.get(`${e.dev}:${e.ino}`) ?? 0) >= e.nlink;
  }
}

/** The plan of nothing for a root that may not be reaped: its one skip says why. */
function refusedPlan(input: ReapPlanInput, code: ReapSkip['code'], reason: string): InternalReapPlan {
  const root = input.facts.root;
  const plan: ReapPlan = {
    planId: input.planId,
    node: input.node,
    root: input.root,
    physicalRoot: root ? displayName(root.path) : input.root,
    createdAt: input.createdAt,
    policy: input.policy,
    manual: input.manual,
    entries: [],
    skipped: [{ path: input.root, ...skip(code, reason) }],
    expectedFreeBytes: 0,
    rootAllocatedBytes: 0,
    partitions: 0,
    filesystem: null,
    warnings: [],
  };
  return { plan, rootDev: root?.dev ?? -1, rootIno: root?.ino ?? -1, rootMountId: root?.mountId ?? -1, rootRaw: root?.path ?? '', partitions: [], firstSeenRoots: [] };
}

export function buildReapPlan(input: ReapPlanInput): InternalReapPlan {
  const { facts, policy } = input;
  if (!facts.root) throw new Error('the reap-facts probe did not report the root');
  // Scope, on the physical paths resolved in this same facts run, with each configured root still the
  // directory recorded for it (one that changed grants nothing, and refuses this root when it holds it). A
  // system directory is said as such first: accepting a changed root would not make it reapable.
  const identities = input.recordedRoots ? judgeRootIdentities(facts, input.root, input.configuredRoots, input.recordedRoots) : null;
  const refusal = judgeRootScope(facts, input.root, input.node, input.configuredRoots, identities?.changed);
  const first = refusal?.code === 'system-directory' ? refusal : (identities?.refusal ?? refusal);
  if (first) return refusedPlan(input, first.code, first.reason);
  const rootDev = facts.root.dev;
  const rootMountId = facts.root.mountId;
  const mountPoints = new Set(facts.mountPoints.keys());
  const grouped = groupPartitions(facts.entries, rootDev, mountPoints);
  const stores = sortOutStores(grouped, input.stores ?? [], facts.entries, rootDev, mountPoints);
  const partitions = stores.candidates.sort(byAge);
  const warnings: string[] = [];
  // A hand-picked plan says only why its picks are skipped; a policy plan says it of every store partition.
  const picked = input.manual ? new Set(input.manual.map((m) => m.replace(/^\.\/+/, '').replace(/\/+$/, ''))) : null;
  const skipped: ReapSkip[] = stores.skipped.filter((x) => !picked || picked.has(x.path));
  const rootAllocated = allocatedOf(facts.entries);
  const floor = new Set(partitions.slice(Math.max(0, partitions.length - policy.keepNewest)));
  const busy = busyInodes(facts, rootDev);

  const selected: { p: Partition; because: ReapEntry['because'] }[] = [];
  // A partition picked twice (by its path and within a picked bucket) is judged and listed once.
  const considered = new Set<Partition>();
  const consider = (p: Partition, because: ReapEntry['because']): boolean => {
    if (considered.has(p)) return false;
    considered.add(p);
    const path = displayName(p.key);
    if (floor.has(p)) {
      skipped.push({ path, ...skip('floor', `one of the newest ${policy.keepNewest} partitions: the floor is always kept`) });
      return false;
    }
    const unsafe = safetySkip(p, facts, rootDev, busy);
    if (unsafe) {
      skipped.push({ path, ...unsafe });
      return false;
    }
    selected.push({ p, because });
    return true;
  };

  if (input.manual) {
    const byPath = new Map(partitions.map((p) => [displayName(p.key), p]));
    for (const want of new Set(input.manual)) {
      const clean = want.replace(/^\.\/+/, '').replace(/\/+$/, '');
      // A bucket of the scan, or a bucket's name read back (the CLI's pick, typed from `scan --json`, whose
      // bucket may have aged into a wider one since): its range alone says which partitions it stands for.
      const bucket: (PartitionBucket & { count?: number }) | null = input.scan ? (input.scan.buckets?.get(clean) ?? parseBucketPath(clean)) : null;
      if (bucket) {
        // A bucket's name is never a partition's (it ends in "]"), so this is no real partition shadowed.
        const members = bucketMembers(bucket, partitions, input.scan!.newestMtime);
        if (members.length === 0) skipped.push({ path: clean, ...skip('not-a-partition', 'none of the partitions of this age bucket are there now (gone, or written to since the scan)') });
        if (bucket.count !== undefined && members.length > bucket.count) warnings.push(`${clean}: ${members.length} partitions are in its age range now, ${bucket.count} were when scanned; all ${members.length} are planned`);
        for (const m of members) consider(m, 'manual');
        continue;
      }
      const p = byPath.get(clean);
      if (!p && stores.skipped.some((x) => x.path === clean)) continue;
      if (!p) {
        const outside = clean.startsWith('/') || clean.split('/').includes('..');
        skipped.push({ path: want, ...(outside ? skip('outside-root', 'outside the root: only partitions under it are ever reaped') : skip('not-a-partition', 'not a partition under the root now (gone, or not a partition)')) });
        continue;
      }
      if (input.scan) {
        const seen = input.scan.newestMtime.get(clean);
        if (seen === undefined) {
          // Not listed one by one but still in one of the scan's buckets: seen, and not written to since.
          if (!inScanBucket(p, input.scan)) {
            skipped.push({ path: clean, ...skip('changed-since-scan', 'not in the scan it was picked from: scan again') });
            continue;
          }
        } else if ((p.newestMtime ?? 0) > (seen ?? 0)) {
          skipped.push({ path: clean, ...skip('changed-since-scan', 'written to since the scan it was picked from: scan again') });
          continue;
        }
      }
      consider(p, 'manual');
    }
  } else {
    if (policy.maxBytes === null && policy.maxAgeDays === null) warnings.push('no size cap and no age given: nothing is planned');
    const cutoff = policy.maxAgeDays === null ? null : Math.floor(input.createdAt / 1000) - policy.maxAgeDays * DAY_S;
    let expectedTotal = rootAllocated;
    const tally = new FreeingTally();
    for (const p of partitions) {
      const old = cutoff !== null && (p.newestMtime ?? 0) < cutoff;
      const over = policy.maxBytes !== null && expectedTotal > policy.maxBytes;
      if (!old && !over) continue;
      // Only a partition that goes lowers the total; an unsafe one stays and the next oldest is tried.
      if (consider(p, old ? 'age' : 'cap')) expectedTotal -= tally.add(partitionEntries(p));
    }
    if (policy.maxBytes !== null && expectedTotal > policy.maxBytes) {
      warnings.push(`the root stays over its cap after this plan (${expectedTotal} of ${policy.maxBytes} bytes): the rest is in the floor, in use, or not in a partition`);
    }
  }

  selected.sort((a, b) => byAge(a.p, b.p));
  const final = new FreeingTally();
  for (const { p } of selected) final.add(partitionEntries(p));
  const counted = new Set<string>();
  let listed = 0;
  const entries: ReapEntry[] = selected.map(({ p, because }) => {
    const files: ReapFile[] = [];
    let moreFiles = 0;
    let expected = 0;
    for (const e of partitionEntries(p)) {
      const allocated = e.blocks * 512;
      const linked = e.nlink > 1 && e.type !== 'd';
      // Keyed only when hard-linked: a string per file of a million-file plan is what this avoids.
      const k = linked ? `${e.dev}:${e.ino}` : '';
      const frees = final.whole(e) && !(linked && counted.has(k)) ? allocated : 0;
      if (linked) counted.add(k);
      expected += frees;
      if (listed < MAX_LISTED_FILES) {
        listed++;
        files.push(toReapFile(e, rootMountId, allocated, frees));
      } else moreFiles++;
    }
    const store = stores.unitStore.get(p);
    return {
      path: displayName(p.key),
      kind: p.kind,
      newestMtime: p.newestMtime,
      allocatedBytes: allocatedOf(partitionEntries(p)),
      expectedFreeBytes: expected,
      because,
      files,
      moreFiles,
      ...(store ? { store: store.path } : {}),
    };
  });
  if (listed >= MAX_LISTED_FILES) warnings.push(`only the first ${MAX_LISTED_FILES} files are listed; all planned files are removed`);
  if (facts.malformed > 0) warnings.push(`${facts.malformed} probe records could not be read`);
  const unfollowed = notEntered(facts, partitions, rootDev).map((e) => e.rel);
  for (const m of facts.mountPoints.keys()) if (!partitions.some((p) => p.mountPoints.includes(m)) && !unfollowed.includes(m)) unfollowed.push(m);
  if (unfollowed.length > 0) {
    const shown = unfollowed.slice(0, 3).map(displayName).join(', ');
    warnings.push(`${unfollowed.length} symlink${unfollowed.length === 1 ? '' : 's'} or mount point${unfollowed.length === 1 ? '' : 's'} under the root ${unfollowed.length === 1 ? 'was' : 'were'} not followed (${shown}${unfollowed.length > 3 ? ', …' : ''}): partitions behind them are never planned`);
  }
  if (facts.hiddenProcesses > 0 && entries.length > 0) {
    warnings.push(`the open files of ${facts.hiddenProcesses} process${facts.hiddenProcesses === 1 ? '' : 'es'} could not be read as this user: a partition one of them writes to cannot be recognised as in use; run as root to see every writer`);
  }
  const fs = facts.filesystem;
  const plan: ReapPlan = {
    planId: input.planId,
    node: input.node,
    root: input.root,
    physicalRoot: displayName(facts.root.path),
    createdAt: input.createdAt,
    policy,
    manual: input.manual,
    entries,
    skipped,
    expectedFreeBytes: entries.reduce((s, e) => s + e.expectedFreeBytes, 0),
    rootAllocatedBytes: rootAllocated,
    partitions: grouped.length,
    filesystem: fs ? { mount: fs.mount, sizeBytes: fs.sizeBytes, usedBytes: fs.usedBytes, availBytes: fs.availBytes } : null,
    warnings,
  };
  if (stores.guidance.length > 0) plan.guidance = stores.guidance;
  const stopped = [...new Set(selected.map((x) => stores.unitStore.get(x.p)).filter((c): c is StoreClaim => c !== undefined))];
  if (stopped.length > 0) {
    plan.confirm = {
      text: stopped.map((c) => c.path).join(' '),
      prompt: `This plan removes whole units of ${stopped.map((c) => `${c.kind} at ${c.path}`).join(' and ')}. Stop ${stopped.length === 1 ? 'it' : 'them'} first (${stopped.map((c) => c.stopStep).join('; ')}): no process may hold a file or lock in ${stopped.length === 1 ? 'it' : 'them'}. Then type ${stopped.length === 1 ? 'its path' : 'their paths'} to confirm.`,
    };
  }
  if (plan.physicalRoot !== input.root) warnings.push(`the root resolves to ${plan.physicalRoot}: planned and reaped there`);
  const firstSeenRoots = identities?.firstSeen ?? [];
  for (const { root, identity } of firstSeenRoots) {
    warnings.push(
      `the configured root ${displayName(rawPath(root))} had no recorded identity: recorded now (physical path ${displayName(identity.path)}, device ${identity.dev}, inode ${identity.ino}, mount id ${identity.mountId}), trusted on first use; a later plan refuses it if any of these change`,
    );
  }
  return { plan, rootDev, rootIno: facts.root.ino, rootMountId: facts.root.mountId, rootRaw: facts.root.path, partitions: selected.map((s) => s.p), firstSeenRoots };
}

/** Symlinks and mount points outside any partition: the listing stops there, so nothing behind them is seen. */
function notEntered(facts: ReapFacts, partitions: readonly Partition[], rootDev: number): FactEntry[] {
  const inPartition = new Set<FactEntry>();
  for (const p of partitions) for (const e of [...p.symlinks, ...p.otherDevice]) inPartition.add(e);
  // Mount points are added by path by the caller (a listed one is also a directory here, of the same device).
  return facts.entries.filter((e) => !inPartition.has(e) && (e.type === 'l' || (e.type === 'd' && e.dev !== rootDev)));
}

function toReapFile(e: FactEntry, mountId: number, allocated: number, frees: number): ReapFile {
  return {
    path: displayName(e.rel),
    type: e.type === 'd' ? 'dir' : 'file',
    dev: e.dev,
    // Every listed entry is on the root's mount: the listing never descends into a mount point.
    mountId,
    ino: e.ino,
    sizeBytes: e.size,
    allocatedBytes: allocated,
    freesBytes: frees,
    nlink: e.nlink,
    mtime: e.mtime,
  };
}
