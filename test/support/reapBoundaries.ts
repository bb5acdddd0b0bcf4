// Reaps against the boundaries of a root, shared by the local and SSH suites: same-filesystem bind mounts (in
// place at plan time, or swapped in between plan and execution), roots that are symlinks out of every
// configured root or to /, and writers and locks that arrive after the plan. Each builds its own root under
// `work` (one tmpfs: every bind mount there is of the same filesystem), configures it on the node, plans,
// acts, executes, and returns what happened and what the directories outside the root hold before and after.
import { execFileSync } from 'node:child_process';
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Reaper } from '../../src/main/services/reap/reaper';
import type { StateStore } from '../../src/main/store/stateStore';
import type { ReapPlan, ReapPolicy, ReapResult } from '../../src/shared/reapModels';
import { buildDayStore, startFlocker, startWriter, writeFile, YEAR_START, type Helper } from './reapLab';

export interface BoundaryLab {
  reaper: Reaper;
  store: StateStore;
  node: string;
  /** A directory on one tmpfs, outside every configured root. */
  work: string;
}

/** Every entry under dir: path, type, content or link target. Stat data is not compared (see the canary rule). */
export function treeOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.push(`l ${r} -> ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.push(`d ${r}`);
        walk(p, r);
      } else out.push(`f ${r} ${readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir, '');
  return out;
}

const mounted: string[] = [];

export function bindMount(source: string, target: string): void {
  execFileSync('mount', ['--bind', source, target]);
  mounted.push(target);
}

/** Undoes every bind mount made here, latest first (a busy one is detached). */
export function unmountBinds(): void {
  for (const t of mounted.splice(0).reverse()) {
    try {
      execFileSync('umount', [t], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', t], { stdio: 'ignore' });
    }
  }
}

const ALL: ReapPolicy = { maxBytes: 0, maxAgeDays: null, keepNewest: 0 };
/** Plans nothing whatever the root holds: for roots that must only be judged, never reaped. */
export const NOTHING: ReapPolicy = { maxBytes: null, maxAgeDays: null, keepNewest: 2 };

function configuredRoot(lab: BoundaryLab, name: string): string {
  const root = join(lab.work, name);
  mkdirSync(root, { recursive: true });
  lab.store.roots.add(lab.node, root);
  return root;
}

/** Files that look like a day partition's (old, same names), where no reap may ever reach. */
function outsideDir(lab: BoundaryLab, name: string): string {
  const dir = join(lab.work, name);
  mkdirSync(dir, { recursive: true });
  writeFile(join(dir, 'logs.sqlite'), 8192, YEAR_START);
  writeFile(join(dir, 'secret.log.1'), 4096, YEAR_START);
  return dir;
}

export interface BoundaryOutcome {
  root: string;
  plan: ReapPlan;
  result: ReapResult;
  outsideBefore: string[];
  outsideAfter: string[];
}

/** The mount point's name: mountinfo escapes space, tab, newline and backslash; glob characters must not match others. */
export const HOSTILE_MOUNT_NAME = 'sp ace\\back\tt\nnl*[g]?';

/**
 * Same-filesystem bind mounts of an outside directory in place at plan time: one inside 2026/002 (under a
 * hostile name), one over the day directory 2026/003 itself.
 */
export async function bindMountInPartitions(lab: BoundaryLab): Promise<BoundaryOutcome> {
  const root = configuredRoot(lab, 'bind-root');
  const outside = outsideDir(lab, 'bind-outside');
  buildDayStore(root, 4, 64 * 1024);
  const inner = join(root, '2026/002', HOSTILE_MOUNT_NAME);
  mkdirSync(inner);
  bindMount(outside, inner);
  bindMount(outside, join(root, '2026/003'));
  const outsideBefore = treeOf(outside);
  const plan = await lab.reaper.plan({ node: lab.node, root, policy: ALL });
  const result = await lab.reaper.execute(plan.planId);
  return { root, plan, result, outsideBefore, outsideAfter: treeOf(outside) };
}

/**
 * A planned day directory moved out of the root and bind-mounted back in its place between plan and execution:
 * the same directory (device, inode, physical path all as planned), on another mount.
 */
export async function bindMountSwappedIn(lab: BoundaryLab): Promise<BoundaryOutcome & { moved: string }> {
  const root = configuredRoot(lab, 'swap-root');
  buildDayStore(root, 3, 64 * 1024);
  const plan = await lab.reaper.plan({ node: lab.node, root, policy: ALL });
  const moved = join(lab.work, 'swap-moved-002');
  renameSync(join(root, '2026/002'), moved);
  mkdirSync(join(root, '2026/002'));
  bindMount(moved, join(root, '2026/002'));
  const outsideBefore = treeOf(moved);
  const result = await lab.reaper.execute(plan.planId);
  return { root, plan, result, outsideBefore, outsideAfter: treeOf(moved), moved };
}

/**
 * A planned file's name bind-mounted over, after the plan, by an outside hard link of the very inode (so type,
 * inode, size and mtime all still match): a name that is a mount point cannot be unlinked (EBUSY).
 */
export async function fileMountedOver(lab: BoundaryLab): Promise<BoundaryOutcome & { link: string }> {
  const root = configuredRoot(lab, 'filemount-root');
  buildDayStore(root, 2, 64 * 1024);
  const plan = await lab.reaper.plan({ node: lab.node, root, policy: ALL });
  const outside = join(lab.work, 'filemount-outside');
  mkdirSync(outside);
  const link = join(outside, 'logs.sqlite');
  linkSync(join(root, '2026/001/logs.sqlite'), link);
  bindMount(link, join(root, '2026/001/logs.sqlite'));
  const outsideBefore = treeOf(outside);
  const result = await lab.reaper.execute(plan.planId);
  return { root, plan, result, outsideBefore, outsideAfter: treeOf(outside), link };
}

/** The root itself bind-mounted over itself between plan and execution: same directory, another mount. */
export async function rootMountedOver(lab: BoundaryLab): Promise<BoundaryOutcome> {
  const root = configuredRoot(lab, 'remount-root');
  buildDayStore(root, 2, 64 * 1024);
  const plan = await lab.reaper.plan({ node: lab.node, root, policy: ALL });
  bindMount(root, root);
  const outsideBefore = treeOf(root);
  const result = await lab.reaper.execute(plan.planId);
  return { root, plan, result, outsideBefore, outsideAfter: treeOf(root) };
}

/** The root renamed and a symlink to it left in its place between plan and execution: another physical path. */
export async function rootMovedBehindSymlink(lab: BoundaryLab): Promise<BoundaryOutcome> {
  const root = configuredRoot(lab, 'moved-root');
  buildDayStore(root, 2, 64 * 1024);
  const plan = await lab.reaper.plan({ node: lab.node, root, policy: ALL });
  const elsewhere = join(lab.work, 'moved-root-elsewhere');
  renameSync(root, elsewhere);
  symlinkSync(elsewhere, root);
  const outsideBefore = treeOf(elsewhere);
  const result = await lab.reaper.execute(plan.planId);
  return { root, plan, result, outsideBefore, outsideAfter: treeOf(elsewhere) };
}

export interface SymlinkRootOutcome {
  escape: BoundaryOutcome;
  slash: { plan: ReapPlan; ms: number };
  /** A configured root that is itself a symlink to a directory: allowed, planned and reaped where it resolves. */
  linkedRoot: { plan: ReapPlan; result: ReapResult; physical: string };
  /** A configured root replaced by a symlink to /: planning it, or a system directory through it. */
  configuredSlash: { itself: ReapPlan; usrShare: ReapPlan };
}

/** Roots that are symlinks: out of every configured root, to /, and a configured root that is one. */
export async function symlinkRoots(lab: BoundaryLab): Promise<SymlinkRootOutcome> {
  const root = configuredRoot(lab, 'link-root');
  const elsewhere = join(lab.work, 'link-elsewhere');
  buildDayStore(elsewhere, 3, 64 * 1024);
  symlinkSync(elsewhere, join(root, 'app'));
  symlinkSync('/', join(root, 'slash'));
  const outsideBefore = treeOf(elsewhere);
  const plan = await lab.reaper.plan({ node: lab.node, root: join(root, 'app'), policy: ALL });
  const result = await lab.reaper.execute(plan.planId);
  const escape = { root: join(root, 'app'), plan, result, outsideBefore, outsideAfter: treeOf(elsewhere) };

  const t0 = Date.now();
  const slashPlan = await lab.reaper.plan({ node: lab.node, root: join(root, 'slash'), policy: ALL });
  const slash = { plan: slashPlan, ms: Date.now() - t0 };

  const physical = join(lab.work, 'linked-real');
  buildDayStore(physical, 3, 64 * 1024);
  const linked = join(lab.work, 'linked-root');
  symlinkSync(physical, linked);
  lab.store.roots.add(lab.node, linked);
  const linkedPlan = await lab.reaper.plan({ node: lab.node, root: linked, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 1 } });
  const linkedResult = await lab.reaper.execute(linkedPlan.planId);

  const cfgSlash = join(lab.work, 'cfg-slash');
  symlinkSync('/', cfgSlash);
  lab.store.roots.add(lab.node, cfgSlash);
  const itself = await lab.reaper.plan({ node: lab.node, root: cfgSlash, policy: NOTHING });
  const usrShare = await lab.reaper.plan({ node: lab.node, root: join(cfgSlash, 'usr/share'), policy: NOTHING });
  return { escape, slash, linkedRoot: { plan: linkedPlan, result: linkedResult, physical }, configuredSlash: { itself, usrShare } };
}

export interface LateHoldersOutcome {
  plan: ReapPlan;
  result: ReapResult;
  writer: Helper;
  flocker: Helper;
  root: string;
}

/** A writer and a flock that arrive after the plan was made (neither changes size, mtime or inode). */
export async function lateWriterAndLock(lab: BoundaryLab): Promise<LateHoldersOutcome> {
  const root = configuredRoot(lab, 'late-root');
  buildDayStore(root, 5, 64 * 1024);
  const plan = await lab.reaper.plan({ node: lab.node, root, policy: ALL });
  const writer = await startWriter(join(root, '2026/002/logs.sqlite-wal'));
  const flocker = await startFlocker(join(root, '2026/004/logs.sqlite'));
  const result = await lab.reaper.execute(plan.planId);
  return { plan, result, writer, flocker, root };
}
