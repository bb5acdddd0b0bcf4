// The one invariant for plan + reclaim, judged from /proc as the kernel shows it at each set point: every file
// truncated was a plan entry's inode, still reached through the planned pid and fd, the process the same (start
// time), still deleted, not memory (memfd, /dev/shm, SysV) and mapped by no process at the last set point
// before it went; the canary files are unchanged; every holder and mapper is alive (no SIGBUS).
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import type { ReclaimEntry, ReclaimPlan } from '../../src/shared/heldModels';
import { makedev, subtree, treeChanges, type TreeSnapshot } from '../support/treeSnapshot';
import type { Violation } from './reapJudge';
import type { ReclaimWorld } from './reclaimWorld';

interface InodeView {
  dev: number;
  ino: number;
  size: number;
  blocks: number;
  nlink: number;
  /** Why it is memory (memfd, dev-shm, sysv), or null for a file of a disk filesystem. */
  memory: string | null;
  /** pid:fd it was seen through. */
  via: string[];
}

export interface HeldObservation {
  index: number;
  /** pid:fd -> inode key (dev:ino) of every regular file our helpers hold. */
  fds: Map<string, string>;
  inodes: Map<string, InodeView>;
  /** inode key -> pids of every process that maps it. */
  mappers: Map<string, number[]>;
  startTimes: Map<number, number | null>;
}

let devShm: number | null = null;

function memoryKind(target: string, dev: number): string | null {
  devShm ??= statSync('/dev/shm').dev;
  if (target.startsWith('/memfd:')) return 'memfd';
  if (target.startsWith('/SYSV')) return 'sysv';
  if (dev === devShm || target.startsWith('/dev/shm/')) return 'dev-shm';
  return null;
}

function startTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/)[19]);
  } catch {
    return null;
  }
}

/** Every regular file our helpers hold, and which processes (any on the machine) map those inodes. */
export function observe(world: ReclaimWorld, index: number): HeldObservation {
  const fds = new Map<string, string>();
  const inodes = new Map<string, InodeView>();
  const startTimes = new Map<number, number | null>();
  for (const a of world.agents) {
    startTimes.set(a.pid, startTime(a.pid));
    let names: string[];
    try {
      names = readdirSync(`/proc/${a.pid}/fd`);
    } catch {
      continue;
    }
    for (const n of names) {
      const link = `/proc/${a.pid}/fd/${n}`;
      let st;
      let target: string;
      try {
        st = statSync(link);
        target = readlinkSync(link, { encoding: 'buffer' }).toString('latin1');
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      const key = `${st.dev}:${st.ino}`;
      fds.set(`${a.pid}:${n}`, key);
      const v = inodes.get(key);
      if (v) v.via.push(`${a.pid}:${n}`);
      else inodes.set(key, { dev: st.dev, ino: st.ino, size: st.size, blocks: st.blocks, nlink: st.nlink, memory: memoryKind(target, st.dev), via: [`${a.pid}:${n}`] });
    }
  }
  const mappers = new Map<string, number[]>();
  const wanted = new Set([...inodes.values()].map((v) => String(v.ino)));
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let maps: string;
    try {
      maps = readFileSync(`/proc/${pid}/maps`, 'latin1');
    } catch {
      continue;
    }
    for (const line of maps.split('\n')) {
      const f = line.split(/\s+/);
      if (f.length < 5 || !wanted.has(f[4])) continue;
      const [maj, min] = f[3].split(':').map((x) => parseInt(x, 16));
      const key = `${makedev(maj, min)}:${f[4]}`;
      if (!inodes.has(key)) continue;
      const list = mappers.get(key) ?? [];
      if (!list.includes(Number(pid))) list.push(Number(pid));
      mappers.set(key, list);
    }
  }
  return { index, fds, inodes, mappers, startTimes };
}

/** The classes of what was done to these fds; a hostile name only when nothing else explains it. */
function classesFor(world: ReclaimWorld, fds: number[], extra: string[] = []): string[] {
  const out = new Set(extra);
  for (const c of world.constructs) if (c.fds.some((fd) => fds.includes(fd))) out.add(c.cls);
  if (out.size > 1) out.delete('hostile-name');
  return out.size > 0 ? [...out].sort() : ['unattributed'];
}

const fdsOf = (world: ReclaimWorld, via: string[]) => via.filter((v) => v.startsWith(`${world.holder.pid}:`)).map((v) => Number(v.split(':')[1]));

function entryText(e: ReclaimEntry): string {
  return `pid ${e.pid} fd ${e.fd} dev ${e.dev} ino ${e.ino} start ${e.startTime}`;
}

/** The plan: no memory and nothing mapped among its entries, as the kernel showed them just after it. */
export function judgeReclaimPlan(world: ReclaimWorld, plan: ReclaimPlan, at: HeldObservation): Violation[] {
  const out: Violation[] = [];
  for (const e of plan.entries) {
    const key = `${e.dev}:${e.ino}`;
    const v = at.inodes.get(key);
    if (!v) continue;
    if (v.memory) out.push({ kind: 'planned-memory', classes: classesFor(world, [e.fd], ['memory']), path: e.path, detail: `the plan lists ${entryText(e)}, which is memory (${v.memory}), not disk` });
    const m = at.mappers.get(key);
    if (m?.length) out.push({ kind: 'planned-mapped', classes: classesFor(world, [e.fd]), path: e.path, detail: `the plan lists ${entryText(e)}, mapped by pid ${m.join(', ')} when planned` });
  }
  return out;
}

/** One batch: what shrank between `before` (last set point, after the adversary) and `after` was truncated by the executor. */
export function judgeReclaimBatch(world: ReclaimWorld, plan: ReclaimPlan, before: HeldObservation, after: HeldObservation): Violation[] {
  const out: Violation[] = [];
  const where = `in the batch after set point ${before.index}`;
  for (const [key, b] of before.inodes) {
    const a = after.inodes.get(key);
    if (!a || (a.size >= b.size && a.blocks >= b.blocks) || b.size === 0) continue;
    const fds = fdsOf(world, b.via);
    const what = `${b.memory ?? 'file'} dev ${b.dev} ino ${b.ino} (held as ${b.via.join(', ')}) truncated ${where} from ${b.size} to ${a.size} bytes`;
    const v = (kind: string, why: string, extra: string[] = []) => out.push({ kind, classes: classesFor(world, fds, extra), path: `ino ${b.ino}`, detail: `${what}: ${why}` });
    const e = plan.entries.find((x) => `${x.dev}:${x.ino}` === key);
    if (!e) {
      v('truncated-unplanned', 'no plan entry has this inode');
      continue;
    }
    if (before.fds.get(`${e.pid}:${e.fd}`) !== key) {
      v('truncated-repointed', `its entry ${entryText(e)} pointed at ${before.fds.get(`${e.pid}:${e.fd}`) ?? 'nothing (closed)'} at that set point`);
      continue;
    }
    if (before.startTimes.get(e.pid) !== e.startTime) v('truncated-process-changed', `process ${e.pid} started at ${before.startTimes.get(e.pid)}, planned ${e.startTime}`);
    if (b.nlink !== 0) v('truncated-not-deleted', `it had ${b.nlink} links: a file with a name, not a held deleted file`);
    if (b.memory) v('truncated-memory', `it is memory (${b.memory}), never truncated`, ['memory']);
    const m = before.mappers.get(key);
    if (m?.length) v('truncated-mapped', `mapped by pid ${m.join(', ')} at that set point`);
  }
  return out;
}

/** Canary files unchanged by path, type and content; every helper alive (a SIGBUS shows here). */
export function judgeReclaimAfter(world: ReclaimWorld, pre: TreeSnapshot, final: TreeSnapshot): Violation[] {
  const out: Violation[] = [];
  for (const c of treeChanges(subtree(pre, world.canary), subtree(final, world.canary))) {
    const fds = world.fds.filter((f) => f.path === c.path).map((f) => f.fd);
    out.push({ kind: 'canary-changed', classes: classesFor(world, fds, ['repointed']), path: c.path.slice(world.T.length + 1), detail: `canary ${c.path.slice(world.T.length + 1)}: ${c.what}${c.what === 'content' ? ` (size ${c.before?.size} -> ${c.after?.size})` : ''}` });
  }
  for (const a of world.agents) {
    if (!a.exited) continue;
    const role = a === world.holder ? 'the holder' : 'a mapper/reader';
    const mapped = world.constructs.filter((c) => c.cls === 'mapped-at-plan' || c.cls === 'mapped-after-plan').map((c) => c.cls);
    out.push({ kind: 'helper-died', classes: mapped.length ? [...new Set(mapped)].sort() : ['unattributed'], path: `pid ${a.pid}`, detail: `${role} pid ${a.pid} died (${a.exited.signal ?? `exit ${a.exited.code}`})${a.exited.signal === 'SIGBUS' ? ': a file it mapped was truncated' : ''}` });
  }
  return out;
}
