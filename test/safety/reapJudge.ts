// The one invariant for plan + reap, judged from snapshots of the whole lab: every file removed was in the
// plan and still had its planned identity (dev, mount id when the plan has one, inode, type, size, mtime) at
// the last set point before it went, on the root's mount, with no writer or lock on it then; every
// directory removed was a planned partition's, the same inode as planned; nothing outside the root went;
// the canary tree is unchanged by path, type, content and symlink target; every helper process is alive.
import { existsSync } from 'node:fs';
import { displayName } from '../../src/main/core/common/displayName';
import type { ReapFile, ReapPlan } from '../../src/shared/reapModels';
import { isUnder, mountOf, subtree, treeChanges, type MountEntry, type NodeInfo, type TreeSnapshot } from '../support/treeSnapshot';
import { PWNED, type HeldByHelper, type ReapWorld } from './reapWorld';

export interface Violation {
  /** What went wrong, e.g. removed-outside-root, removed-under-writer, canary-changed. */
  kind: string;
  /** The classes of the constructs it touches (generator or adversary), or 'unattributed'. */
  classes: string[];
  /** Lab-relative path for people. */
  path: string;
  detail: string;
}

/** What the judge knows at one set point: the lab as the executor's next batch found it. */
export interface SetPointState {
  index: number;
  snap: TreeSnapshot;
  mounts: MountEntry[];
  held: HeldByHelper[];
}

export function labPath(world: ReapWorld, p: string): string {
  return displayName(p.startsWith(world.T) ? `<lab>${p.slice(world.T.length)}` : p);
}

/**
 * Constructs at or above the path first; failing that, ones below it (a directory removed with one inside).
 * `only`: the classes this kind of violation can come from (a removal across a mount: the mounts); a hostile
 * name is only named when nothing else explains it.
 */
function classesOf(world: ReapWorld, p: string, only?: readonly string[]): string[] {
  const find = (match: (q: string) => boolean) => new Set(world.constructs.filter((c) => c.paths.some((q) => q && match(q))).map((c) => c.cls));
  let out = find((q) => isUnder(p, q));
  if (out.size === 0) out = find((q) => isUnder(q, p));
  let list: string[] = [...out].filter((c) => !only || only.includes(c));
  if (only && list.length === 0) list = [...only];
  if (list.length > 1) list = list.filter((c) => c !== 'hostile-name');
  return list.length > 0 ? list.sort() : ['unattributed'];
}

function violation(world: ReapWorld, kind: string, p: string, detail: string, only?: readonly string[]): Violation {
  return { kind, classes: classesOf(world, p, only), path: labPath(world, p), detail };
}

const MOUNTS = ['bind-mount', 'nested-mount'];

/** Where the configured root's directory is in a snapshot (found by its identity: the adversary may move it). */
export function rootIn(world: ReapWorld, snap: TreeSnapshot): string | null {
  for (const [p, n] of snap) if (n.type === 'd' && n.dev === world.rootId.dev && n.ino === world.rootId.ino && !isUnder(p, world.canary)) return p;
  return null;
}

/** The plan's mount id of a file, when the plan carries one (the field is new in issue 13). */
function plannedMountId(f: ReapFile): number | null {
  const m = (f as { mountId?: unknown }).mountId;
  return typeof m === 'number' && m >= 0 ? m : null;
}

interface PlanIndex {
  files: Map<string, ReapFile>;
  dirs: Map<string, ReapFile>;
  days: string[];
}

export function indexPlan(plan: ReapPlan): PlanIndex {
  const files = new Map<string, ReapFile>();
  const dirs = new Map<string, ReapFile>();
  for (const e of plan.entries) for (const f of e.files) (f.type === 'dir' ? dirs : files).set(f.path, f);
  return { files, dirs, days: plan.entries.filter((e) => e.kind === 'day').map((e) => e.path) };
}

function identityText(n: Pick<NodeInfo, 'type' | 'dev' | 'ino' | 'size' | 'mtime'>, mountId: number | null): string {
  return `${n.type} dev ${n.dev}${mountId !== null ? ` mnt ${mountId}` : ''} ino ${n.ino} size ${n.size} mtime ${n.mtime}`;
}

function plannedText(f: ReapFile): string {
  const m = plannedMountId(f);
  return `${f.type === 'dir' ? 'd' : 'f'} dev ${f.dev}${m !== null ? ` mnt ${m}` : ''} ino ${f.ino} size ${f.sizeBytes} mtime ${f.mtime}`;
}

/** How a file at `p` differs from its plan entry, or null when it is the planned file. */
function identityDiff(f: ReapFile, n: NodeInfo, mountId: number | null): string | null {
  const want = plannedMountId(f);
  const same = n.type === 'f' && f.type === 'file' && n.dev === f.dev && n.ino === f.ino && n.size === f.sizeBytes && n.mtime === f.mtime && (want === null || want === mountId);
  return same ? null : `planned ${plannedText(f)}, was ${identityText(n, mountId)}`;
}

/** The plan itself: its root physically inside the configured root, its files there as listed, on the root's mount, with no writer. */
export function judgePlan(world: ReapWorld, plan: ReapPlan, at: SetPointState): Violation[] {
  const out: Violation[] = [];
  if (plan.entries.length === 0) return out;
  const root = rootIn(world, at.snap);
  const physical = plan.physicalRoot;
  if (!root || !isUnder(physical, displayName(root))) {
    const sample = plan.entries
      .slice(0, 3)
      .map((e) => e.path)
      .join(', ');
    out.push({
      kind: 'planned-outside-root',
      classes: classesOf(world, world.planRoot),
      path: labPath(world, world.planRoot),
      detail: `the plan for ${labPath(world, world.planRoot)} resolved to ${labPath(world, physical)}, outside the configured root (${root ? labPath(world, root) : 'gone'}), and lists ${plan.entries.length} partitions (${sample}${plan.entries.length > 3 ? ', ...' : ''})`,
    });
    return out;
  }
  const byDisplay = new Map<string, string>();
  for (const p of at.snap.keys()) if (isUnder(p, root) && p !== root) byDisplay.set(displayName(p.slice(root.length + 1)), p);
  const rootMount = mountOf(root, at.mounts);
  const planIdx = indexPlan(plan);
  for (const [rel, f] of [...planIdx.files, ...planIdx.dirs]) {
    const p = byDisplay.get(rel);
    if (!p) {
      out.push(violation(world, 'planned-not-in-root', `${root}/${rel}`, `the plan lists ${rel}, which is not a plain path under the root (reached through a symlink?)`));
      continue;
    }
    const n = at.snap.get(p)!;
    const mount = mountOf(p, at.mounts);
    if (mount && rootMount && mount.mountId !== rootMount.mountId) {
      out.push(violation(world, 'planned-across-mount', p, `the plan lists ${rel}, on mount ${mount.mountId} (${labPath(world, mount.mountPoint)}), not the root's mount ${rootMount.mountId}`, MOUNTS));
      continue;
    }
    if (f.type === 'file') {
      const diff = identityDiff(f, n, mount?.mountId ?? null);
      if (diff) out.push(violation(world, 'planned-identity', p, `the plan lists ${rel}: ${diff}`));
      const h = at.held.find((x) => x.dev === n.dev && x.ino === n.ino);
      if (h) out.push(violation(world, 'planned-under-writer', p, `the plan lists ${rel}, ${h.how === 'lock' ? 'locked' : 'open for writing'} by pid ${h.pid} since before the plan`, ['plan-writer']));
    }
  }
  return out;
}

/**
 * One batch: what was in `before` (the last set point, after the adversary acted) and is gone from `after`
 * (the next set point, before it acts) was removed by the executor, and must have been allowed to be.
 */
export function judgeBatch(world: ReapWorld, plan: ReapPlan, planned: SetPointState, before: SetPointState, after: TreeSnapshot): Violation[] {
  const out: Violation[] = [];
  const root = rootIn(world, before.snap);
  const planIdx = indexPlan(plan);
  const rootMount = root ? mountOf(root, before.mounts) : null;
  const plannedRoot = rootIn(world, planned.snap);
  const where = `in the batch after set point ${before.index}`;
  for (const [p, n] of before.snap) {
    const now = after.get(p);
    if (now && now.ino === n.ino && now.dev === n.dev && now.type === n.type) continue;
    if (!root || !isUnder(p, root) || p === root) {
      out.push(violation(world, 'removed-outside-root', p, `${n.type === 'd' ? 'directory' : n.type === 'l' ? 'symlink' : 'file'} ${labPath(world, p)} removed ${where}: it is outside the root (${root ? labPath(world, root) : 'root gone'})`));
      continue;
    }
    const rel = displayName(p.slice(root.length + 1));
    const mount = mountOf(p, before.mounts);
    if (mount && rootMount && mount.mountId !== rootMount.mountId) {
      out.push(violation(world, 'removed-across-mount', p, `${rel} removed ${where}: it is on mount ${mount.mountId} (${labPath(world, mount.mountPoint)}), not the root's mount ${rootMount.mountId}`, MOUNTS));
      continue;
    }
    if (n.type === 'd') {
      const day = planIdx.days.find((d) => rel === d || rel.startsWith(`${d}/`));
      const plannedDir = planIdx.dirs.get(rel);
      const was = plannedRoot ? planned.snap.get(`${plannedRoot}/${p.slice(root.length + 1)}`) : undefined;
      if (!day && !plannedDir) out.push(violation(world, 'removed-unplanned', p, `directory ${rel} removed ${where}: not a planned partition's`));
      else if (plannedDir ? plannedDir.ino !== n.ino || plannedDir.dev !== n.dev : !was || was.ino !== n.ino || was.dev !== n.dev) {
        out.push(violation(world, 'removed-changed-identity', p, `directory ${rel} removed ${where}: it was inode ${n.ino}, planned ${plannedDir?.ino ?? was?.ino ?? 'none'}`));
      }
      continue;
    }
    const f = planIdx.files.get(rel);
    if (!f) {
      out.push(violation(world, 'removed-unplanned', p, `${n.type === 'l' ? 'symlink' : n.type === 'o' ? 'special file' : 'file'} ${rel} removed ${where}: not in the plan`));
      continue;
    }
    const diff = identityDiff(f, n, mount?.mountId ?? null);
    if (diff) {
      out.push(violation(world, 'removed-changed-identity', p, `${rel} removed ${where}: ${diff}`));
      continue;
    }
    const h = before.held.find((x) => x.dev === n.dev && x.ino === n.ino);
    if (h) {
      out.push(
        violation(
          world,
          h.how === 'lock' ? 'removed-under-lock' : 'removed-under-writer',
          p,
          `${rel} removed ${where} while ${h.how === 'lock' ? 'flock-ed' : 'open for writing'} by pid ${h.pid} (${h.since === null ? 'since before the plan' : `since set point ${h.since}`})`,
          [h.since === null ? 'plan-writer' : h.how === 'lock' ? 'late-lock' : 'late-writer'],
        ),
      );
    }
  }
  return out;
}

/** The canary tree beside the root, before the plan against after the run; helpers alive; no name run as shell. */
export function judgeAfter(world: ReapWorld, pre: TreeSnapshot, final: TreeSnapshot): Violation[] {
  const out: Violation[] = [];
  for (const c of treeChanges(subtree(pre, world.canary), subtree(final, world.canary))) {
    out.push(violation(world, 'canary-changed', c.path, `canary ${labPath(world, c.path)}: ${c.what}${c.what === 'target' ? ` (${c.before?.target} -> ${c.after?.target})` : ''}`));
  }
  for (const a of world.agents) {
    if (a.exited) out.push({ kind: 'helper-died', classes: ['late-writer'], path: `pid ${a.pid}`, detail: `helper pid ${a.pid} exited (${a.exited.signal ?? a.exited.code})` });
  }
  if (existsSync(`/tmp/${PWNED}`)) out.push({ kind: 'shell-injection', classes: ['hostile-name'], path: `/tmp/${PWNED}`, detail: 'a hostile file name was run as shell text' });
  return out;
}

/** Violations deduplicated (the same removal seen by two rules) and ordered for a message. */
export function summarize(vs: readonly Violation[]): Violation[] {
  const seen = new Set<string>();
  return vs.filter((v) => {
    const k = `${v.kind}|${v.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
