// One spelling of a root path for every layer: "/var/log/", "/var//log" and "/var/./log" are the root
// "/var/log", so a root is one row in the state store, one key for its reap policy and source override, and
// one prefix in the scope checks. Plain string work, not node:path, so the renderer and core can use it.
import { RpcError } from './rpcResult';

/**
 * The one spelling: "." dropped, ".." taking back the segment before it (never above "/"), repeated and
 * trailing slashes dropped; "/" stays "/". Strict: a relative path, or one with a NUL, is refused as a
 * bad_request. For a path that becomes a configured root or a key in the state store.
 */
export function normalizeRootPath(path: string): string {
  if (!path.startsWith('/') || path.includes('\0')) {
    throw new RpcError('bad_request', `root must be an absolute path: ${JSON.stringify(path).slice(0, 200)}`);
  }
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  return `/${segments.join('/')}`;
}

/**
 * The same spelling for an absolute path; anything else is returned as it is. Lenient: for a path that was
 * not checked to be absolute (a scan's root as the scan ran it, a path to analyse), where a relative one is
 * simply never a configured root rather than an error.
 */
export function normalizeRootPathLenient(path: string): string {
  return path.startsWith('/') ? normalizeRootPath(path) : path;
}
