// The data stores a reap plan and its execution judge by (issue 15). At plan time: detection over the plan's
// own listing of the root (so every file under it is judged, however deep) plus the root's ancestors one level
// each (a root inside a store: a Kafka partition directory, a pg_wal); at execution: whether a process holds a
// file or lock in a stopped store again, read fresh on the node just before the executor runs.
import type { StoreHolder } from '../../../shared/dataStoreModels';
import { displayName } from '../../core/common/displayName';
import { claimsUnder, type StoreClaim } from '../../core/dataStores/storeClaims';
import { holdersOf } from '../../core/dataStores/storeHolders';
import type { ListedEntry, ProbeLocation } from '../../core/dataStores/storeRecords';
import { isUnder, parentOf } from '../../core/dataStores/dirIndex';
import type { ReapFacts } from '../../core/reap/reapFacts';
import type { Transport } from '../../transport/transport';
import { detectOnNode, STORE_DEPTH } from './storeDetection';

export interface StoresAround {
  claims: StoreClaim[];
  warnings: string[];
}

/** The root's ancestors, nearest first, up to /. */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let p = path; p !== '/'; ) {
    p = parentOf(p);
    out.push(p);
  }
  return out;
}

export async function storesAroundRoot(transport: Transport, facts: ReapFacts): Promise<StoresAround> {
  const root = facts.root;
  if (!root) return { claims: [], warnings: [] };
  const prefix = root.path === '/' ? '/' : `${root.path}/`;
  const entries: ListedEntry[] = facts.entries.map((e) => ({ dev: e.dev, ino: e.ino, type: e.type, size: e.size, blocks: e.blocks, nlink: e.nlink, mtime: e.mtime, path: prefix + e.rel }));
  const locations: ProbeLocation[] = [{ path: root.path, depth: 0 }, ...ancestors(root.path).map((path) => ({ path, depth: 1 }))];
  try {
    const det = await detectOnNode(transport, locations, { extraEntries: entries });
    const warnings = det.partial ? det.warnings.map((w) => `data stores: ${w}`) : [];
    return { claims: claimsUnder(det.stores, root.path), warnings };
  } catch (err) {
    return { claims: [], warnings: [`data stores could not be looked for (${err instanceof Error ? err.message : String(err)}): only files named like a store's own are refused`] };
  }
}

/** Who holds a file or a lock under the store's directory now; null when that could not be read. */
export async function storeHoldersNow(transport: Transport, storeRaw: string): Promise<{ holders: StoreHolder[] } | { error: string }> {
  try {
    const det = await detectOnNode(transport, [{ path: storeRaw, depth: STORE_DEPTH }]);
    if (det.partial) return { error: det.warnings[0] ?? 'the listing was partial' };
    const inodes = new Set(det.listing.entries.filter((e) => isUnder(e.path, storeRaw)).map((e) => `${e.dev}:${e.ino}`));
    if (inodes.size === 0) return { error: `${displayName(storeRaw)} is gone` };
    return { holders: holdersOf({ fds: det.listing.fds, locks: det.listing.locks, comms: det.listing.comms }, inodes) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
