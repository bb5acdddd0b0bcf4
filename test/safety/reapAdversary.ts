// The reap adversary: what it does at the executor's set points (before the first batch and between batches),
// on the tree reapWorld.ts built. Its actions and their targets are drawn up front from the seed; each acts
// only on the root's own entries (never through a symlink or a mount it or the tree put there), so it never
// changes the canary tree itself, and everything it moves goes to a new name under T/aside, outside the root.
import { renameSync, symlinkSync } from 'node:fs';
import type { ReapPlan } from '../../src/shared/reapModels';
import type { Rng } from '../support/seededRandom';
import { inspect, isUnder, mountOf, readMounts } from '../support/treeSnapshot';
import { B, mkdirp, put, YEAR_START, type AdversaryAction, type ReapWorld } from './reapWorld';

/** Places each action at a set point before a batch (0 .. batches-1), drawn by the seed. */
export function scheduleActions(world: ReapWorld, rng: Rng, batches: number): void {
  const r = rng.fork('schedule');
  for (const a of world.actions) a.at = batches <= 1 ? 0 : r.int(0, batches - 1);
}

/** Plan files sorted by path, the adversary's targets (drawn by index, so the same seed picks the same). */
function plannedFiles(plan: ReapPlan): { rel: string; partition: string }[] {
  return plan.entries
    .flatMap((e) => e.files.filter((f) => f.type === 'file').map((f) => ({ rel: f.path, partition: e.path })))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function plannedDays(plan: ReapPlan): string[] {
  return plan.entries
    .filter((e) => e.kind === 'day')
    .map((e) => e.path)
    .sort();
}

const at = <T>(items: readonly T[], pick: number): T | null => (items.length === 0 ? null : items[Math.floor(pick * items.length)]);

/**
 * Runs the actions placed at set point `index`. Plan paths are display text; the adversary only targets
 * plain ASCII ones (hostile names are the executor's to handle, not the adversary's to find).
 */
export async function actAt(world: ReapWorld, plan: ReapPlan, index: number): Promise<void> {
  const ascii = (s: string) => /^[\x20-\x7e]*$/.test(s) && !s.includes('\\');
  const files = plannedFiles(plan).filter((f) => ascii(f.rel));
  const days = plannedDays(plan).filter(ascii);
  const root = world.storeDir;
  const made = (a: AdversaryAction, what: string, paths: string[]) => {
    a.done = what;
    world.constructs.push({ cls: a.cls, what: `${what} (set point ${index})`, paths, at: index });
  };
  // The adversary acts on the root's own entries only: never through a symlink or a mount an earlier action
  // (or the tree) put there, which would make it change the canary tree itself.
  const labMount = mountOf(world.T, readMounts())?.mountId;
  const exists = (p: string) => {
    if (!isUnder(p, world.T) || inspect(p, false) === null) return false;
    const mounts = readMounts();
    for (let q = p; q.length > world.T.length; q = q.slice(0, q.lastIndexOf('/'))) {
      const n = inspect(q, false);
      if (!n || (q !== p && n.type !== 'd')) return false;
      if (q !== p && n.type === 'l') return false;
      if (mountOf(q, mounts)?.mountId !== labMount) return false;
    }
    return true;
  };
  const isDir = (p: string) => exists(p) && inspect(p, false)?.type === 'd';
  let moved = 0;
  // Everything moved out of the root goes to its own new name in T/aside (outside the root, inside the lab).
  const aside = (what: string) => `${world.aside}/${what}-${index}-${moved++}`;
  for (const a of world.actions) {
    if (a.at !== index) continue;
    const n = world.constructs.length;
    switch (a.kind) {
      case 'swap-partition-symlink': {
        const d = at(days.filter((x) => world.mirrored.includes(x)), a.pick) ?? at(days, a.pick);
        if (!d || !isDir(`${root}/${d}`) || inspect(`${root}/${d}.moved`, false)) break;
        const away = a.pick < 0.5 ? aside('swapped') : `${root}/${d}.moved`;
        renameSync(B(`${root}/${d}`), B(away));
        const target = world.mirrored.includes(d) ? `${world.canary}/mirror/${d}` : `${world.canary}/c0`;
        symlinkSync(target, B(`${root}/${d}`));
        made(a, `partition ${d} moved to ${away} and replaced by a symlink to ${target}`, [`${root}/${d}`, away, target]);
        break;
      }
      case 'swap-year-symlink': {
        if (!isDir(`${root}/2026`)) break;
        const away = aside('2026-real');
        renameSync(B(`${root}/2026`), B(away));
        symlinkSync(`${world.canary}/mirror/2026`, B(`${root}/2026`));
        made(a, `year dir 2026 moved aside and replaced by a symlink to the canary mirror`, [`${root}/2026`, away, `${world.canary}/mirror`]);
        break;
      }
      case 'swap-root-symlink': {
        if (!isDir(root)) break;
        const away = aside('root-real');
        renameSync(B(root), B(away));
        symlinkSync(`${world.canary}/mirror`, B(root));
        // The root's files now live at `away`: judged there by identity.
        made(a, `root moved to ${away} and replaced by a symlink to the canary mirror`, [root, away, `${world.canary}/mirror`]);
        break;
      }
      case 'swap-subdir-symlink': {
        const d = at(days.filter((x) => isDir(`${root}/${x}/archive`)), a.pick);
        if (!d) break;
        const away = aside('archive');
        renameSync(B(`${root}/${d}/archive`), B(away));
        const target = inspect(`${world.canary}/mirror/${d}/archive`, false) ? `${world.canary}/mirror/${d}/archive` : `${world.canary}/c1`;
        symlinkSync(target, B(`${root}/${d}/archive`));
        made(a, `${d}/archive moved aside and replaced by a symlink to ${target}`, [`${root}/${d}/archive`, away, target]);
        break;
      }
      case 'repoint-configured-link': {
        const link = `${world.T}/link`;
        if (inspect(link, false)?.type !== 'l') break;
        renameSync(B(link), B(aside('link-old')));
        symlinkSync(`${world.canary}/linkparent`, B(link));
        made(a, `the configured root's parent link re-pointed to ${world.canary}/linkparent (its store is the canary mirror)`, [link, `${world.canary}/linkparent`, `${world.canary}/mirror`]);
        break;
      }
      case 'replace-file': {
        const f = at(files, a.pick);
        if (!f) break;
        const p = `${root}/${f.rel}`;
        const st = exists(p) ? inspect(p, false) : null;
        if (!st || st.type !== 'f') break;
        const away = aside('replaced');
        renameSync(B(p), B(away));
        put(p, Buffer.alloc(st.size, 0x5a), st.mtime);
        made(a, `${f.rel} replaced by another inode of the same size and mtime (the old one moved aside)`, [p, away]);
        break;
      }
      case 'file-to-symlink': {
        const f = at(files, a.pick);
        if (!f) break;
        const p = `${root}/${f.rel}`;
        if (!exists(p) || inspect(p, false)?.type !== 'f') break;
        const mirrorCopy = `${world.canary}/mirror/${f.rel}`;
        const away = aside('tolink');
        renameSync(B(p), B(away));
        symlinkSync(inspect(mirrorCopy, false) ? mirrorCopy : `${world.canary}/c0/sub/deep.log`, B(p));
        made(a, `${f.rel} replaced by a symlink to a canary file`, [p, away, mirrorCopy]);
        break;
      }
      case 'rename-dir-out': {
        const d = at(days, a.pick);
        if (!d || !isDir(`${root}/${d}`)) break;
        const away = aside('renamed');
        renameSync(B(`${root}/${d}`), B(away));
        if (a.pick > 0.5) mkdirp(`${root}/${d}`);
        made(a, `partition ${d} renamed out of the root to ${away}${a.pick > 0.5 ? ' (an empty directory made in its place)' : ''}`, [`${root}/${d}`, away]);
        break;
      }
      case 'rename-dirs-crossed': {
        const live = days.filter((d) => isDir(`${root}/${d}`) && !inspect(`${root}/${d}.tmp`, false));
        if (live.length < 2) break;
        const i = Math.floor(a.pick * live.length);
        const [x, y] = [live[i], live[(i + 1) % live.length]];
        renameSync(B(`${root}/${x}`), B(`${root}/${x}.tmp`));
        renameSync(B(`${root}/${y}`), B(`${root}/${x}`));
        renameSync(B(`${root}/${x}.tmp`), B(`${root}/${y}`));
        made(a, `partitions ${x} and ${y} swapped names`, [`${root}/${x}`, `${root}/${y}`]);
        break;
      }
      case 'rename-file': {
        const f = at(files, a.pick);
        if (!f) break;
        const p = `${root}/${f.rel}`;
        if (!exists(p) || inspect(`${p}.renamed`, false)) break;
        renameSync(B(p), B(`${p}.renamed`));
        made(a, `${f.rel} renamed to ${f.rel}.renamed in its directory`, [p, `${p}.renamed`]);
        break;
      }
      case 'late-writer':
      case 'late-lock': {
        const f = at(files, a.pick);
        if (!f) break;
        const p = `${root}/${f.rel}`;
        const st = exists(p) ? inspect(p, false) : null;
        if (!st || st.type !== 'f') break;
        const lock = a.kind === 'late-lock';
        // One exclusive flock per file: a second one (from another fd of the same helper) would only wait.
        if (lock && world.held.some((h) => h.how === 'lock' && h.dev === st.dev && h.ino === st.ino)) break;
        const ag = await world.agent();
        const fd = await ag.open(B(p), lock ? ['rdonly'] : ['wronly', 'append']);
        if (lock) await ag.flock(fd);
        world.held.push({ dev: st.dev, ino: st.ino, path: p, how: lock ? 'lock' : 'writer', since: index, pid: ag.pid });
        made(a, `${lock ? 'flock' : 'open for writing'} on ${f.rel} by pid ${ag.pid}`, [p]);
        break;
      }
      case 'bind-over':
      case 'tmpfs-over': {
        const d = at(days, a.pick);
        if (!d) break;
        const target = a.pick < 0.5 || !exists(`${root}/${d}/archive`) ? `${root}/${d}` : `${root}/${d}/archive`;
        if (!exists(target) || inspect(target, false)?.type !== 'd') break;
        if (a.kind === 'bind-over') {
          const src = `${world.canary}/c${Math.floor(a.pick * 3)}`;
          world.lab.bind(src, target);
          made(a, `bind mount of ${src} over ${target.slice(root.length + 1)}`, [target, src]);
        } else {
          world.lab.tmpfs(target);
          put(`${target}/logs.sqlite`, Buffer.alloc(512, 1), YEAR_START);
          made(a, `tmpfs mounted over ${target.slice(root.length + 1)}`, [target]);
        }
        break;
      }
    }
    if (world.constructs.length === n && a.done === null) a.done = 'nothing to act on';
  }
}
