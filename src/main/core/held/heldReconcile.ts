// df's used bytes per filesystem split into: visible in scanned roots, held by deleted-open files, the rest.
import type { HeldFilesystem } from '../../../shared/heldModels';
import type { AccountedFile } from './heldRecords';
import type { MountEntry } from '../common/mountInfo';

export const TOP_HOLDERS_PER_FILESYSTEM = 5;

export interface DfFigures {
  /** As the df probe's parser gives it (UTF-8 text, octal escapes undone). */
  mount: string;
  sizeBytes: number;
  usedBytes: number;
  /** What a non-root writer can still use: with used, the fill as df computes it (shared/fillRatio.ts). */
  availBytes: number;
}

/**
 * st_dev -> the df mount it belongs to. Bind mounts share a device: the shortest mount point df lists wins,
 * so held files and scanned roots on one filesystem land on one line.
 */
export function mountForDevice(mounts: readonly MountEntry[], df: readonly DfFigures[]): Map<number, DfFigures> {
  const dfByMount = new Map(df.map((d) => [d.mount, d]));
  const out = new Map<number, DfFigures>();
  for (const m of mounts) {
    // mountinfo is kept as raw bytes (latin1), df's mount as UTF-8 text: compare them as df does.
    const d = dfByMount.get(Buffer.from(m.mountPoint, 'latin1').toString('utf8'));
    if (!d) continue;
    const prev = out.get(m.dev);
    if (!prev || d.mount.length < prev.mount.length) out.set(m.dev, d);
  }
  return out;
}

export function reconcile(
  files: readonly AccountedFile[],
  visibleByDev: ReadonlyMap<number, number>,
  mounts: readonly MountEntry[],
  df: readonly DfFigures[],
  topN = TOP_HOLDERS_PER_FILESYSTEM,
): HeldFilesystem[] {
  const devToDf = mountForDevice(mounts, df);
  interface Acc {
    df: DfFigures;
    held: number;
    visible: number | null;
    holders: Map<number, { pid: number; comm: string; unit: string | null; heldBytes: number; files: number }>;
  }
  const acc = new Map<string, Acc>();
  const get = (dev: number): Acc | null => {
    const d = devToDf.get(dev);
    if (!d) return null;
    let a = acc.get(d.mount);
    if (!a) acc.set(d.mount, (a = { df: d, held: 0, visible: null, holders: new Map() }));
    return a;
  };
  for (const f of files) {
    const a = get(f.dev);
    if (!a) continue;
    const bytes = f.duplicate ? 0 : f.allocatedBytes;
    a.held += bytes;
    let h = a.holders.get(f.pid);
    if (!h) a.holders.set(f.pid, (h = { pid: f.pid, comm: f.comm, unit: f.unit, heldBytes: 0, files: 0 }));
    h.heldBytes += bytes;
    h.files++;
  }
  for (const [dev, bytes] of visibleByDev) {
    const a = get(dev);
    if (a) a.visible = (a.visible ?? 0) + bytes;
  }
  return [...acc.values()]
    .map((a) => ({
      mount: a.df.mount,
      sizeBytes: a.df.sizeBytes,
      usedBytes: a.df.usedBytes,
      availBytes: a.df.availBytes,
      heldBytes: a.held,
      visibleBytes: a.visible,
      // Never below zero: used and held are read a moment apart, and a held file may grow in between.
      otherBytes: a.visible === null ? null : Math.max(0, a.df.usedBytes - a.held - a.visible),
      topHolders: [...a.holders.values()].sort((x, y) => y.heldBytes - x.heldBytes || x.pid - y.pid).slice(0, topN),
    }))
    .sort((x, y) => y.heldBytes - x.heldBytes || x.mount.localeCompare(y.mount));
}
