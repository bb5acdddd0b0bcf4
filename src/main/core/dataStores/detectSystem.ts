// The system's own stores: systemd-coredump's core files, apt's package cache, snapd's revisions. Found in
// their well-known places, even outside configured roots; core dumps and the apt cache are freed by the
// tool's own actions, a snap revision only by snap itself (it is a mounted image).
import { displayName } from '../common/displayName';
import { joinPath, nameOf } from './dirIndex';
import { newStore, type DetectedStore, type DetectionContext } from './detectedStore';

const CORE_FILE = /^core\..+/s;
const SNAP_FILE = /^(.+)_(x?\d+)\.snap$/s;

export function detectCoredump(ctx: DetectionContext): DetectedStore[] {
  const out: DetectedStore[] = [];
  for (const dir of ctx.index.dirs()) {
    if (!dir.endsWith('/systemd/coredump')) continue;
    const cores = ctx.index.files(dir).filter((e) => CORE_FILE.test(nameOf(e.path)));
    if (cores.length === 0) continue;
    out.push(newStore('coredump', dir, [{ what: `${cores.length} core file${cores.length === 1 ? '' : 's'} (systemd-coredump)`, path: displayName(dir) }], { managedFiles: cores.map((e) => e.path) }));
  }
  return out;
}

export function detectAptCache(ctx: DetectionContext): DetectedStore[] {
  const out: DetectedStore[] = [];
  for (const dir of ctx.index.dirs()) {
    if (!dir.endsWith('/cache/apt') || !ctx.index.hasDir(dir, 'archives')) continue;
    const archives = joinPath(dir, 'archives');
    const debs = [...ctx.index.under(archives)].filter((e) => e.type === 'f' && nameOf(e.path).endsWith('.deb'));
    out.push(newStore('apt-cache', dir, [{ what: `archives/ with ${debs.length} downloaded package${debs.length === 1 ? '' : 's'}`, path: displayName(archives) }], { managedFiles: debs.map((e) => e.path), details: { debs: debs.length } }));
  }
  return out;
}

export function detectSnap(ctx: DetectionContext): DetectedStore[] {
  const out: DetectedStore[] = [];
  for (const dir of ctx.index.dirs()) {
    if (!dir.endsWith('/snapd/snaps')) continue;
    const snaps = ctx.index.files(dir).filter((e) => SNAP_FILE.test(nameOf(e.path)));
    if (snaps.length === 0) continue;
    const revisions = snaps.map((e) => {
      const m = SNAP_FILE.exec(nameOf(e.path))!;
      return { name: displayName(m[1]), revision: m[2], bytes: e.blocks * 512 };
    });
    out.push(newStore('snap', dir, [{ what: `${snaps.length} snap revision${snaps.length === 1 ? '' : 's'} (each mounted as a squashfs)`, path: displayName(dir) }], { managedFiles: snaps.map((e) => e.path), details: { snaps: revisions } }));
  }
  return out;
}
