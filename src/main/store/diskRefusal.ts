// Errors that say the disk cannot take a write at all (full, over quota, read-only), as opposed to a wrong
// path or a permission: those are worth a temporary store for the run (storeOrTemporary.ts); the others
// are the operator's to fix and are reported as they are. "Full" is the store's own test (isDiskFullError).
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDiskFullError } from './db';

const CODES = new Set(['EDQUOT', 'EROFS']);
const TEXT = /disk quota exceeded|read-only file system|attempt to write a readonly database/i;

/** True when `err`, or an error it was caused by, says the disk refuses writes. */
export function isDiskRefusal(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (isDiskFullError(e)) return true;
    if (typeof e.code === 'string' && (CODES.has(e.code) || e.code.startsWith('SQLITE_READONLY'))) return true;
    if (typeof e.message === 'string' && TEXT.test(e.message)) return true;
  }
  return false;
}

/**
 * The nearest existing directory at or above `dir` when it is on a read-only mount, else null. SQLite and a
 * recursive mkdir report a read-only mount only as "unable to open database file" (SQLITE_CANTOPEN) or
 * ENOENT; access(W_OK) says EROFS for a read-only mount whoever asks, root included, and EACCES (not a
 * refusal of the disk) for a directory this user may not write.
 */
export function readOnlyAncestor(dir: string): string | null {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  try {
    accessSync(d, constants.W_OK);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EROFS' ? d : null;
  }
}
