// Errors that say the disk cannot take a write at all (full, over quota, read-only), as opposed to a wrong
// path or a permission: those are worth a temporary store for the run (storeOrTemporary.ts); the others
// are the operator's to fix and are reported as they are. "Full" is the store's own test (isDiskFullError).
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
