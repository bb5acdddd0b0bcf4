// The held files of one reclaim seed, and the adversary that acts at the truncate executor's set points.
// A holder process (python3, driven one command at a time) keeps deleted files of a fresh tmpfs open (held
// disk, which may be truncated), and memory offered as files: memfds and deleted files on /dev/shm (never to be
// truncated); some of its files are mapped, by itself or by a third process whose fd is already closed. A
// canary tree of plain files sits beside them. While the executor runs, between its batches, a third process
// maps a planned file, or the holder re-points a planned fd (dup2) at a canary file, another deleted file, a
// memfd or a /dev/shm file, or closes it. Mappers read every page every 2 ms: a truncate under them is a SIGBUS.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mountLab, type LabMounts } from '../support/labMounts';
import { startPyAgent, type PyAgent } from '../support/pyAgent';
import type { Rng } from '../support/seededRandom';
import type { ReclaimPlan } from '../../src/shared/heldModels';

export const RECLAIM_CLASSES = ['memory', 'mapped-at-plan', 'mapped-after-plan', 'repointed', 'closed'] as const;
export type ReclaimClass = (typeof RECLAIM_CLASSES)[number] | 'hostile-name';

/** One fd of the holder as the generator or the adversary made it. */
export interface HeldFd {
  fd: number;
  kind: 'disk' | 'memfd' | 'dev-shm' | 'canary';
  /** Where it was made (for messages); deleted for all but canaries. */
  path: string;
  cls: ReclaimClass | null;
  note: string;
}

export interface ReclaimConstruct {
  cls: ReclaimClass;
  what: string;
  /** The holder's fds it concerns. */
  fds: number[];
  at: number | null;
}

export type ReclaimActionKind = 'map-by-third' | 'map-by-holder' | 'repoint-canary' | 'repoint-deleted' | 'repoint-memfd' | 'repoint-shm' | 'close-fd' | 'second-reader';

export interface ReclaimAction {
  kind: ReclaimActionKind;
  cls: ReclaimClass;
  at: number;
  pick: number;
  done: string | null;
}

export interface ReclaimWorld {
  seed: number;
  focus: ReclaimClass;
  lab: LabMounts;
  T: string;
  canary: string;
  holder: PyAgent;
  /** Every helper: the holder, mappers, readers. All must be alive at the end. */
  agents: PyAgent[];
  fds: HeldFd[];
  constructs: ReclaimConstruct[];
  /** fds to plan (undefined: every deleted file the holder has). */
  planFds: number[] | undefined;
  actions: ReclaimAction[];
  /** Files made on /dev/shm (unlinked at once; listed for messages). */
  shmNames: string[];
  spare: () => Promise<PyAgent>;
  close(): Promise<void>;
}

const HOSTILE = ['held\nnewline.log', '$(touch x)`y`.log', '-rf --no-preserve-root.log', Buffer.from([0x68, 0xff, 0xfe, 0x2e, 0x6c, 0x6f, 0x67]).toString('latin1')];
const B = (p: string) => Buffer.from(p, 'latin1');

export async function buildReclaimWorld(seed: number, rng: Rng): Promise<ReclaimWorld> {
  const focus = RECLAIM_CLASSES[seed % RECLAIM_CLASSES.length];
  const g = rng.fork('held');
  const lab = mountLab(16, 'safety-held');
  const T = lab.dir;
  const canary = `${T}/canary`;
  mkdirSync(`${T}/held`);
  mkdirSync(canary);
  const agents: PyAgent[] = [];
  const spawnAgent = async () => {
    const a = await startPyAgent();
    agents.push(a);
    return a;
  };
  // What the seed will need is drawn first, so a helper that will map or read starts with the holder: python's
  // start is most of a seed's time, and two start side by side.
  const want = (cls: ReclaimClass, p: number) => focus === cls || g.chance(p);
  const memoryWanted = want('memory', 0.3);
  const mappedAtPlan = want('mapped-at-plan', 0.25);
  const byHolderAtPlan = g.chance(0.4);
  const actions = drawActions(rng, focus);
  const needsSpare = (mappedAtPlan && !byHolderAtPlan) || actions.some((a) => a.kind === 'map-by-third' || a.kind === 'second-reader');
  const [holder, spareAgent] = await Promise.all([spawnAgent(), needsSpare ? spawnAgent() : null]);
  let spareUsed = spareAgent === null;
  const world: ReclaimWorld = {
    seed,
    focus,
    lab,
    T,
    canary,
    holder,
    agents,
    fds: [],
    constructs: [],
    planFds: undefined,
    actions,
    shmNames: [],
    spare: async () => {
      if (!spareUsed && spareAgent) {
        spareUsed = true;
        return spareAgent;
      }
      return spawnAgent();
    },
    close: async () => {
      await Promise.all(agents.map((a) => a.stop()));
      lab.unmountAll();
    },
  };
  try {
    // Canary files: plain files with random content, never deleted; some kept open by the holder (not held).
    for (let i = 0, n = g.int(2, 4); i < n; i++) {
      const p = `${canary}/canary-${i}.log`;
      const fd = openSync(p, 'w');
      writeSync(fd, g.bytes(g.int(512, 8192)));
      closeSync(fd);
    }
    if (g.chance(0.5)) {
      const fd = await holder.open(`${canary}/canary-0.log`, ['rdwr']);
      world.fds.push({ fd, kind: 'canary', path: `${canary}/canary-0.log`, cls: null, note: 'canary open read-write (not deleted)' });
    }

    // Held disk: deleted files of the lab's tmpfs, some with hostile names.
    const nDisk = g.int(3, 8);
    for (let i = 0; i < nDisk; i++) {
      const name = g.chance(0.25) ? `${g.pick(HOSTILE)}.${i}` : `spool-${i}.log`;
      const p = `${T}/held/${name}`;
      const flags = g.pick([['wronly', 'creat', 'append'], ['rdwr', 'creat'], ['wronly', 'creat']] as const);
      const fd = await holder.open(B(p), [...flags]);
      await holder.write(fd, g.int(2, 16) * 4096);
      await holder.unlink(B(p));
      world.fds.push({ fd, kind: 'disk', path: p, cls: name.startsWith('spool-') ? null : 'hostile-name', note: `deleted ${flags.join('|')}` });
      if (!name.startsWith('spool-')) world.constructs.push({ cls: 'hostile-name', what: `deleted file named ${JSON.stringify(name)}`, fds: [fd], at: null });
    }
    const disk = world.fds.filter((f) => f.kind === 'disk');
    if (g.chance(0.3)) {
      const f = g.pick(disk);
      const dupFd = 60 + g.int(0, 9);
      await holder.dup2(f.fd, dupFd);
      world.fds.push({ ...f, fd: dupFd, note: `dup of fd ${f.fd}` });
    }

    // Memory offered as files: memfds and deleted files on /dev/shm.
    if (memoryWanted) {
      for (let i = 0, n = g.int(1, 2); i < n; i++) {
        if (g.chance(0.5)) {
          const fd = await holder.memfd(`spoolscope-safety-${seed}-${i}`, g.int(1, 8) * 4096);
          world.fds.push({ fd, kind: 'memfd', path: `/memfd:spoolscope-safety-${seed}-${i}`, cls: 'memory', note: 'memfd' });
          world.constructs.push({ cls: 'memory', what: `memfd at fd ${fd}`, fds: [fd], at: null });
        } else {
          const p = `/dev/shm/spoolscope-safety-${seed}-${process.pid}-${i}`;
          const fd = await holder.open(p, ['rdwr', 'creat', 'trunc']);
          await holder.write(fd, g.int(1, 8) * 4096);
          await holder.unlink(p);
          world.shmNames.push(p);
          world.fds.push({ fd, kind: 'dev-shm', path: p, cls: 'memory', note: 'deleted file on /dev/shm' });
          world.constructs.push({ cls: 'memory', what: `deleted /dev/shm file at fd ${fd}`, fds: [fd], at: null });
        }
      }
    }

    // Mapped before the plan: by the holder itself, or by a third process that closed its fd (only its maps show it).
    if (mappedAtPlan) {
      const f = g.pick(disk);
      if (byHolderAtPlan) {
        await holder.mmap(f.fd);
        world.constructs.push({ cls: 'mapped-at-plan', what: `fd ${f.fd} mapped by the holder itself before the plan`, fds: [f.fd], at: null });
      } else {
        const m = await world.spare();
        const mfd = await m.open(`/proc/${holder.pid}/fd/${f.fd}`, ['rdonly']);
        await m.mmap(mfd);
        const keep = g.chance(0.3);
        if (!keep) await m.close(mfd);
        world.constructs.push({ cls: 'mapped-at-plan', what: `fd ${f.fd}'s file mapped by pid ${m.pid} before the plan (its own fd ${keep ? 'kept' : 'closed'})`, fds: [f.fd], at: null });
      }
    }

    // Every deleted file of the holder, or some of its fds by hand.
    if (g.chance(0.3)) world.planFds = g.some(world.fds, g.int(1, world.fds.length)).map((f) => f.fd);

    return world;
  } catch (err) {
    await world.close();
    throw err;
  }
}

/** The adversary's actions: one of the focus class when it has one, and a few more; set points come later. */
function drawActions(rng: Rng, focus: ReclaimClass): ReclaimAction[] {
  const adv = rng.fork('adversary');
  const kinds: { kind: ReclaimActionKind; cls: ReclaimClass }[] = [
    { kind: 'map-by-third', cls: 'mapped-after-plan' },
    { kind: 'map-by-holder', cls: 'mapped-after-plan' },
    { kind: 'repoint-canary', cls: 'repointed' },
    { kind: 'repoint-deleted', cls: 'repointed' },
    { kind: 'repoint-memfd', cls: 'memory' },
    { kind: 'repoint-shm', cls: 'memory' },
    { kind: 'close-fd', cls: 'closed' },
    { kind: 'second-reader', cls: 'closed' },
  ];
  const actions: ReclaimAction[] = [];
  const focusKinds = kinds.filter((k) => k.cls === focus);
  if (focusKinds.length > 0 && (focus !== 'memory' || adv.chance(0.5))) actions.push({ ...adv.pick(focusKinds), at: -1, pick: adv.float(), done: null });
  for (let i = 0, n = adv.int(0, 2); i < n; i++) actions.push({ ...adv.pick(kinds), at: -1, pick: adv.float(), done: null });
  return actions;
}

export function scheduleReclaimActions(world: ReclaimWorld, rng: Rng, batches: number): void {
  const r = rng.fork('schedule');
  for (const a of world.actions) a.at = batches <= 1 ? 0 : r.int(0, batches - 1);
}

/** Acts at set point `index` on the plan's entries (drawn by index among them, in plan order). */
export async function reclaimActAt(world: ReclaimWorld, plan: ReclaimPlan, index: number): Promise<void> {
  const h = world.holder;
  const entries = plan.entries;
  let spareN = 0;
  for (const a of world.actions) {
    if (a.at !== index) continue;
    const e = entries.length ? entries[Math.floor(a.pick * entries.length)] : null;
    if (!e) {
      a.done = 'nothing planned to act on';
      continue;
    }
    const note = (what: string, cls: ReclaimClass = a.cls) => {
      a.done = what;
      world.constructs.push({ cls, what: `${what} (set point ${index})`, fds: [e.fd], at: index });
    };
    try {
      switch (a.kind) {
        case 'map-by-third': {
          const m = await world.spare();
          const fd = await m.open(`/proc/${h.pid}/fd/${e.fd}`, ['rdonly']);
          await m.mmap(fd);
          const keep = a.pick > 0.7;
          if (!keep) await m.close(fd);
          note(`fd ${e.fd}'s file mapped by pid ${m.pid} after the plan (its fd ${keep ? 'kept' : 'closed'})`);
          break;
        }
        case 'map-by-holder':
          await h.mmap(e.fd);
          note(`fd ${e.fd} mapped by the holder itself after the plan`);
          break;
        case 'repoint-canary': {
          const p = `${world.canary}/canary-${Math.floor(a.pick * 2)}.log`;
          const fd = await h.open(p, ['rdwr']);
          await h.dup2(fd, e.fd);
          await h.close(fd);
          world.fds.push({ fd: e.fd, kind: 'canary', path: p, cls: 'repointed', note: 're-pointed at a canary' });
          note(`fd ${e.fd} re-pointed (dup2) at canary ${p.slice(world.T.length + 1)}`);
          break;
        }
        case 'repoint-deleted': {
          const p = `${world.T}/held/spare-${index}-${spareN++}`;
          const fd = await h.open(p, ['rdwr', 'creat']);
          await h.write(fd, 4096 * 3);
          await h.unlink(p);
          await h.dup2(fd, e.fd);
          await h.close(fd);
          world.fds.push({ fd: e.fd, kind: 'disk', path: p, cls: 'repointed', note: 're-pointed at another deleted file' });
          note(`fd ${e.fd} re-pointed (dup2) at another deleted file (not planned)`);
          break;
        }
        case 'repoint-memfd': {
          const fd = await h.memfd(`spoolscope-safety-late-${index}`, 4096 * 2);
          await h.dup2(fd, e.fd);
          await h.close(fd);
          world.fds.push({ fd: e.fd, kind: 'memfd', path: `/memfd:spoolscope-safety-late-${index}`, cls: 'memory', note: 're-pointed at a memfd' });
          note(`fd ${e.fd} re-pointed (dup2) at a memfd`);
          break;
        }
        case 'repoint-shm': {
          const p = `/dev/shm/spoolscope-safety-late-${world.seed}-${process.pid}-${index}-${spareN++}`;
          const fd = await h.open(p, ['rdwr', 'creat', 'trunc']);
          await h.write(fd, 4096 * 2);
          await h.unlink(p);
          await h.dup2(fd, e.fd);
          await h.close(fd);
          world.shmNames.push(p);
          world.fds.push({ fd: e.fd, kind: 'dev-shm', path: p, cls: 'memory', note: 're-pointed at a /dev/shm file' });
          note(`fd ${e.fd} re-pointed (dup2) at a deleted /dev/shm file`);
          break;
        }
        case 'close-fd':
          await h.close(e.fd);
          note(`fd ${e.fd} closed by the holder`);
          break;
        case 'second-reader': {
          const r = await world.spare();
          await r.open(`/proc/${h.pid}/fd/${e.fd}`, ['rdonly']);
          note(`fd ${e.fd}'s file also opened (read-only, not mapped) by pid ${r.pid}: truncating it is allowed`);
          break;
        }
      }
    } catch (err) {
      // The fd was closed by an earlier action, or the file is empty (nothing to map): the action is moot.
      a.done = `could not act: ${(err as Error).message}`;
    }
  }
}
