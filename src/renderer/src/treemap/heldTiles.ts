// Disk held by deleted-but-open files has no place in the directory tree (the files are unlinked), yet it
// fills the same filesystem. The treemap of a root shows it as one hatched tile per holding process whose
// held files were in the root (on its filesystem, their last path under it), so the picture adds up
// towards what the root really costs; deleted files held elsewhere on the same filesystem are not the
// root's and are not drawn in it (Hidden usage lists them). Memory held the
// same way (report.memory: memfds, shared memory, /dev/shm) is never a tile: it takes no disk, and a tile
// leads to Reclaim….
import type { HeldReport } from '../../../shared/heldModels';
import { formatBytes, formatCount } from '../format';

export interface HeldTileInfo {
  /** Unique among tile keys: real paths never contain NUL. */
  key: string;
  pid: number;
  comm: string;
  unit: string | null;
  /** Allocated bytes of this process's held files on the root's filesystem, each inode once. */
  bytes: number;
  /** Distinct deleted files (inodes) behind those bytes. */
  files: number;
  /** "held by 4242 flowctl-go, reactor.service: 124 GiB in 231 deleted files" */
  label: string;
}

export const HELD_KEY_PREFIX = '\u0000held:';

export function heldTileLabel(pid: number, comm: string, unit: string | null, bytes: number, files: number): string {
  return `held by ${pid} ${comm}${unit ? `, ${unit}` : ''}: ${formatBytes(bytes)} in ${formatCount(files)} deleted ${files === 1 ? 'file' : 'files'}`;
}

const DELETED_SUFFIX = ' (deleted)';

/** True when a held file's path (as the kernel shows it, " (deleted)" after it) was inside `root`. */
export function heldPathUnder(path: string, root: string): boolean {
  const p = path.endsWith(DELETED_SUFFIX) ? path.slice(0, -DELETED_SUFFIX.length) : path;
  const r = root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
  return r === '/' ? p.startsWith('/') : p.startsWith(`${r}/`);
}

/**
 * Held tiles for a root on device `device` (the scan's st_dev); when the device is unknown, files are
 * matched by the mount point of the root's filesystem instead. With `root`, only files that were inside
 * it. Largest first.
 */
export function heldTilesFor(report: HeldReport | null, device: number | null, rootMount: string | null, root: string | null = null): HeldTileInfo[] {
  if (!report || (device === null && rootMount === null)) return [];
  const out: HeldTileInfo[] = [];
  for (const h of report.holders) {
    let bytes = 0;
    let files = 0;
    let listedHere = 0;
    for (const f of h.files) {
      const here = (device !== null ? f.dev === device : f.mount === rootMount) && (root === null || heldPathUnder(f.path, root));
      if (!here) continue;
      listedHere++;
      if (f.duplicate) continue;
      files++;
      bytes += f.allocatedBytes;
    }
    // Files past the per-holder cap are not listed: when every listed one is here, count the rest here too.
    if (h.moreFiles > 0 && listedHere > 0 && listedHere === h.files.length) {
      bytes = Math.max(bytes, h.heldBytes);
      files += h.moreFiles;
    }
    if (bytes <= 0) continue;
    out.push({ key: `${HELD_KEY_PREFIX}${h.pid}`, pid: h.pid, comm: h.comm, unit: h.unit, bytes, files, label: heldTileLabel(h.pid, h.comm, h.unit, bytes, files) });
  }
  return out.sort((a, b) => b.bytes - a.bytes || a.pid - b.pid);
}
