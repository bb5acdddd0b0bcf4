// Which filesystems the panel shows. Whatever a filter or cap hides, a filesystem that holds a root or is
// named by an open alert always shows: a 100%-full filesystem was missing from the panel while the banner
// named it. One the last listing lacks shows with the watch's live figures, or as a row that says so.
import type { Filesystem } from '../../../shared/models';
import type { WatchAlert, WatchFilesystem } from '../../../shared/watchModels';

/** Alert kinds whose subject is a mount point (a writer's is a process). */
const MOUNT_ALERT_KINDS: ReadonlySet<WatchAlert['kind']> = new Set(['fill', 'timeToFull', 'held']);

export type ShownFilesystem =
  | { kind: 'listed'; fs: Filesystem; pinned: boolean }
  /** Pinned but in no listing: the alert's severity is all there is to show. */
  | { kind: 'missing'; mount: string; level: WatchAlert['severity'] | 'ok' };

/** The mounts that must show: every root's (as df names it on the node) and every open alert's on `node`. */
export function pinnedMounts(rootMounts: Readonly<Record<string, string | null>>, alerts: readonly WatchAlert[], node: string): Set<string> {
  const pinned = new Set<string>();
  for (const mount of Object.values(rootMounts)) if (mount !== null) pinned.add(mount);
  for (const a of alerts) if (a.node === node && MOUNT_ALERT_KINDS.has(a.kind)) pinned.add(a.subject);
  return pinned;
}

/** The watch's figures for a mount the listing lacks, as a listed filesystem. */
function fromWatch(w: WatchFilesystem): Filesystem {
  return { mount: w.mount, source: '', fstype: w.fstype, sizeBytes: w.sizeBytes, usedBytes: w.usedBytes, availBytes: w.availBytes, inodesTotal: 0, inodesUsed: 0, inodesAvail: 0, fillRatio: w.fillRatio, level: w.level };
}

/**
 * `filesystems` less those `hide` drops, pinned ones always kept, fullest first; a pinned mount the list
 * lacks comes from `live` (the watch's snapshot) or as a missing row, first of all.
 */
export function shownFilesystems(
  filesystems: readonly Filesystem[],
  pinned: ReadonlySet<string>,
  live: readonly WatchFilesystem[] = [],
  alerts: readonly WatchAlert[] = [],
  hide: (fs: Filesystem) => boolean = () => false,
): ShownFilesystem[] {
  const listed = new Map(filesystems.map((f) => [f.mount, f]));
  for (const w of live) if (pinned.has(w.mount) && !listed.has(w.mount)) listed.set(w.mount, fromWatch(w));
  const shown = [...listed.values()]
    .filter((fs) => pinned.has(fs.mount) || !hide(fs))
    .sort((a, b) => b.fillRatio - a.fillRatio || a.mount.localeCompare(b.mount))
    .map((fs): ShownFilesystem => ({ kind: 'listed', fs, pinned: pinned.has(fs.mount) }));
  const missing: ShownFilesystem[] = [...pinned]
    .filter((m) => !listed.has(m))
    .sort()
    .map((mount) => {
      const named = alerts.filter((a) => a.subject === mount);
      return { kind: 'missing', mount, level: named.some((a) => a.severity === 'critical') ? 'critical' : named.length > 0 ? 'warn' : 'ok' };
    });
  return [...missing, ...shown];
}
