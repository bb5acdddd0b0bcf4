// A fresh small tmpfs for one hostile tree, and the mounts made inside it (same-filesystem bind mounts,
// nested tmpfs), all undone together however the test ended. Root only. Mount paths are plain text (the
// hostile names live in file names, not in mount points).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabMounts {
  /** The tmpfs mount point. */
  dir: string;
  /** mount --bind source target (both inside the lab: the same filesystem). */
  bind(source: string, target: string): void;
  /** A small tmpfs mounted at target. */
  tmpfs(target: string, sizeMb?: number): void;
  /** Mounts made inside the lab so far, in order. */
  readonly inner: readonly string[];
  /** Unmounts everything, innermost and latest first; a busy mount is detached (lazy). */
  unmountAll(): void;
}

function umount(path: string): void {
  try {
    execFileSync('umount', [path], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('umount', ['-l', path], { stdio: 'ignore' });
    } catch {
      // Already gone (a test unmounted it, or its parent went first).
    }
  }
}

export function mountLab(sizeMb: number, prefix = 'safety'): LabMounts {
  const dir = mkdtempSync(join(tmpdir(), `spoolscope-${prefix}-`));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=755`, 'tmpfs', dir]);
  const inner: string[] = [];
  let done = false;
  return {
    dir,
    bind(source, target) {
      execFileSync('mount', ['--bind', source, target], { stdio: 'ignore' });
      inner.push(target);
    },
    tmpfs(target, size = 1) {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}m`, 'tmpfs', target], { stdio: 'ignore' });
      inner.push(target);
    },
    get inner() {
      return inner;
    },
    unmountAll() {
      if (done) return;
      done = true;
      for (const p of [...inner].reverse()) umount(p);
      // Whatever an adversary moved out of reach of its path goes with the lab itself.
      try {
        execFileSync('umount', ['-R', dir], { stdio: 'ignore' });
      } catch {
        umount(dir);
      }
      try {
        rmdirSync(dir);
      } catch {
        // A lazy unmount leaves it busy for a moment; the temp dir is cleaned with the machine.
      }
    },
  };
}
