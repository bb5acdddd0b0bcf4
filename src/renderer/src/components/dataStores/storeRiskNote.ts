// The fleet row's store-risk note: a node whose roots hold a data store that a reap leaves alone (its files
// store-managed, or store-active while held) says so in a few words, "binlogs in /var/log/mysql", so an
// operator knows before opening it that reaping there will not free that space. Known only for nodes whose
// stores list was read, or whose reap plan kept a store's files, in this session.
import { REAP_RULES } from '../../../../shared/dataStoreModels';
import type { NodeStores, PlannedStore } from '../../state/dataStoresStore';
import { blocksReaping, KIND_TEXT, storeDirectory } from './storeLabels';

export interface StoreRiskNote {
  /** One line: the largest such store, and how many more. */
  text: string;
  /** The parts of `text`: "binlogs in", the store's directory (cut at its start when narrow), "+2 more" or "". */
  lead: string;
  path: string;
  tail: string;
  /** Every one of them, one per line (a tooltip). */
  detail: string;
  count: number;
}

function insideAny(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r.endsWith('/') ? r : `${r}/`));
}

export function storeRiskNote(listed: NodeStores | undefined, planned: readonly PlannedStore[] | undefined): StoreRiskNote | null {
  const found = new Map<string, PlannedStore & { bytes: number }>();
  for (const s of listed?.report.stores ?? []) {
    if (blocksReaping(s.reapRule) && insideAny(s.path, listed!.roots)) found.set(s.path, { kind: s.kind, path: s.path, bytes: s.bytes });
  }
  // A plan also keeps a container's active log (its kind reaps the rotated files): not a store that blocks.
  for (const p of planned ?? []) if (blocksReaping(REAP_RULES[p.kind]) && !found.has(p.path)) found.set(p.path, { ...p, bytes: 0 });
  if (found.size === 0) return null;
  const all = [...found.values()].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const say = (s: PlannedStore) => `${KIND_TEXT[s.kind].noun} in ${storeDirectory(s.kind, s.path)}`;
  const more = all.length - 1;
  const tail = more > 0 ? `+${more} more` : '';
  return {
    text: tail ? `${say(all[0])} ${tail}` : say(all[0]),
    lead: `${KIND_TEXT[all[0].kind].noun} in`,
    path: storeDirectory(all[0].kind, all[0].path),
    tail,
    detail: `Not freed by a reap (the store's own command frees it):\n${all.map(say).join('\n')}`,
    count: all.length,
  };
}
