// Small real filesystems for tests (tmpfs, root only), filling one to 100%, and statvfs readings of them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** statvfs used bytes of the filesystem holding `path`. */
export function usedBytes(path: string): number {
  const s = statfsSync(path);
  return (s.blocks - s.bfree) * s.bsize;
}

export interface Tmpfs {
  dir: string;
  unmount(): void;
}

/** Mounts a fresh tmpfs of sizeMb (root only). Stop the holders on it before unmount(). */
export function mountTmpfs(sizeMb: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'spoolscope-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=1777`, 'tmpfs', dir]);
  let mounted = true;
  return {
    dir,
    unmount() {
      if (!mounted) return;
      mounted = false;
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        // A holder we did not know about still has it open: detach now, the kernel frees it when it exits.
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      rmdirSync(dir);
    },
  };
}

/** Writes dir/name until the filesystem is full (ENOSPC); returns the bytes written. */
export function fillToFull(dir: string, name = 'fill'): number {
  const path = join(dir, name);
  try {
    execFileSync('sh', ['-c', 'head -c 1G /dev/zero > "$1"', 'fill', path], { stdio: 'ignore' });
  } catch {
    // ENOSPC is the point.
  }
  return statSync(path).size;
}
