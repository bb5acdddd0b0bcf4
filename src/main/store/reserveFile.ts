// A ballast file next to the store. On a 100% full disk SQLite cannot even delete rows: a DELETE writes
// WAL frames, and folding the WAL back needs room in the main file. Freeing this reserve first gives the
// store exactly the room it needs to drop old history, shrink, and retry the write that failed.
import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';

/** Makes sure `path` holds `bytes` of real (allocated) blocks. Best effort: false when there is no room. */
export function ensureReserve(path: string, bytes: number): boolean {
  try {
    if (statSync(path).size >= bytes) return true;
  } catch {
    // missing: create it below
  }
  let fd: number | null = null;
  try {
    fd = openSync(path, 'w', 0o600);
    // Written zeros, not truncate(): a sparse file would reserve nothing.
    const chunk = Buffer.alloc(Math.min(bytes, 64 * 1024));
    for (let done = 0; done < bytes; done += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - done));
    return true;
  } catch {
    // A partial reserve is worse than none: it takes space and promises room it does not have.
    releaseReserve(path);
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Frees the reserve. True when there was one to free. */
export function releaseReserve(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
