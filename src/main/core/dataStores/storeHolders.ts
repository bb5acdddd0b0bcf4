// Who holds a store's files now: every fd of every process on one of its inodes (read or write), and every
// lock on one. A store held by anyone is running (or being read): its files are never unlinked.
import type { StoreHolder } from '../../../shared/dataStoreModels';
import type { FileLock } from '../common/processRecords';
import { openForWriting } from '../reap/reapFacts';
import { displayName } from '../common/displayName';
import type { StoreFd } from './storeRecords';

export interface HolderTable {
  fds: readonly StoreFd[];
  locks: readonly FileLock[];
  comms: ReadonlyMap<number, string>;
}

/** Holders of any of the inodes (keyed "dev:ino"), writers and lockers first; one entry per pid and kind. */
export function holdersOf(table: HolderTable, inodes: ReadonlySet<string>): StoreHolder[] {
  if (inodes.size === 0) return [];
  const out = new Map<string, StoreHolder>();
  const add = (pid: number, how: StoreHolder['how']) => {
    const key = `${pid}:${how}`;
    if (!out.has(key)) out.set(key, { pid, comm: displayName(table.comms.get(pid) ?? '?'), how });
  };
  for (const fd of table.fds) if (inodes.has(`${fd.dev}:${fd.ino}`)) add(fd.pid, openForWriting(fd.flags) ? 'write' : 'read');
  for (const l of table.locks) if (inodes.has(`${l.dev}:${l.ino}`)) add(l.pid, 'lock');
  const rank = { write: 0, lock: 1, read: 2 } as const;
  return [...out.values()].sort((a, b) => rank[a.how] - rank[b.how] || a.pid - b.pid);
}

export function holderText(h: StoreHolder): string {
  const how = h.how === 'write' ? 'open for writing' : h.how === 'lock' ? 'locked' : 'open';
  return `${how} by pid ${h.pid} (${h.comm})`;
}
