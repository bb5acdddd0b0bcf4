// The state store, or, when its disk refuses writes (full, read-only), a temporary one for this run. The
// case that matters: the disk is 100% full and Spoolscope has never run on this node, so its store cannot
// even be created; refusing to start then would block exactly the reclaim the operator came for. The temporary store lives on a
// memory-backed filesystem (its own byte cap still holds), is removed when the backend closes, and every
// audit trail written to it says its rows are not kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDiskRefusal, readOnlyAncestor } from './diskRefusal';
import { openStateStore, type StateStore, type StateStoreOptions } from './stateStore';

export interface OpenedStore {
  store: StateStore;
  /** Set when the store is a temporary one: what happened, and what it costs the operator. */
  notice: string | null;
  /** Removes the temporary store's directory, once the store and every connection to it are closed. */
  removeTemporary(): void;
}

/** Where a temporary store may go, best first: memory-backed filesystems are not the full disk. */
export function temporaryStoreParents(env: NodeJS.ProcessEnv): string[] {
  return [...new Set(['/dev/shm', env.XDG_RUNTIME_DIR, tmpdir()].filter((d): d is string => typeof d === 'string' && d !== ''))];
}

export function openStoreOrTemporary(opts: StateStoreOptions, parents: readonly string[]): OpenedStore {
  let failure: Error;
  try {
    return { store: openStateStore(opts), notice: null, removeTemporary: () => {} };
  } catch (err) {
    // A wrong path or a permission is the operator's to fix, and said as it is; only a disk that refuses
    // writes (full, over quota, read-only) gets a temporary store.
    const readOnly = isDiskRefusal(err) ? null : readOnlyAncestor(opts.dataDir);
    if (!isDiskRefusal(err) && !readOnly) throw err;
    failure = readOnly
      ? new Error(`${(err as Error).message}: ${readOnly} is on a read-only file system (EROFS)`, { cause: err })
      : (err as Error);
  }
  const tried: string[] = [];
  for (const parent of parents) {
    let dir: string | null = null;
    try {
      dir = mkdtempSync(join(parent, 'spoolscope-store-'));
      const notice =
        `${failure.message}. This run uses a temporary state store in ${dir}, removed when it ends: saved roots, ` +
        `nodes, scan history and this run's audit rows are not kept. Free space there, or set SPOOLSCOPE_DATA_DIR to a writable directory on another filesystem.`;
      const store = openStateStore({ ...opts, dataDir: dir, temporaryNotice: notice });
      const made = dir;
      return { store, notice, removeTemporary: () => rmSync(made, { recursive: true, force: true }) };
    } catch (err) {
      tried.push(`${parent}: ${(err as Error).message}`);
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(`${failure.message}; no temporary store could be made either (${tried.join('; ') || 'nowhere to try'})`, { cause: failure });
}
