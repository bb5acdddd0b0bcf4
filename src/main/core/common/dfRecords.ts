// Parses the df probe's lines into filesystems with their fill level, and the filesystem df names for each
// root the probe was given.
import type { Filesystem } from '../../../shared/models';
import { fillLevel } from '../../../shared/fillLevel';
import { fillRatio } from '../../../shared/fillRatio';

/** The line df.sh prints before what df says about each root it was given. */
export const DF_ROOT_MARKER = 'spoolscope-root';

function num(s: string): number {
  // df prints "-" for inode counts a filesystem does not have (vfat, some FUSE).
  if (s === '-') return 0;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : NaN;
}

/** Unescapes the octal escapes df uses in mount points (\040 for space, \012 for newline). */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** df's output: a header line, then one line per filesystem. */
export function parseDfOutput(text: string): { filesystems: Filesystem[]; malformed: number } {
  return parseDfLines(text.split('\n'));
}

function parseDfLines(lines: readonly string[]): { filesystems: Filesystem[]; malformed: number } {
  const filesystems: Filesystem[] = [];
  let malformed = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) {
      malformed++;
      continue;
    }
    const [size, used, avail, itotal, iused, iavail] = m.slice(3, 9).map(num);
    if ([size, used, avail, itotal, iused, iavail].some((n) => Number.isNaN(n))) {
      malformed++;
      continue;
    }
    const ratio = fillRatio(used, avail);
    filesystems.push({
      source: m[1],
      fstype: m[2],
      sizeBytes: size,
      usedBytes: used,
      availBytes: avail,
      inodesTotal: itotal,
      inodesUsed: iused,
      inodesAvail: iavail,
      mount: unescapeMount(m[9]),
      fillRatio: ratio,
      level: fillLevel(ratio),
    });
  }
  return { filesystems, malformed };
}

export interface DfProbeResult {
  filesystems: Filesystem[];
  malformed: number;
  /**
   * For each root given, in order, the filesystem `df ROOT` names (its real mount: a bind mount is its own
   * mount, though the listing shows only one of the mounts of a filesystem); null where df could not say (a
   * root that does not exist yet, output cut short by a limit).
   */
  rootFilesystems: (Filesystem | null)[];
}

/** The df probe's whole output: the listing, then a marker and df's answer per root, `rootCount` of them. */
export function parseDfProbe(text: string, rootCount: number): DfProbeResult {
  const sections: string[][] = [[]];
  for (const line of text.split('\n')) {
    if (line === DF_ROOT_MARKER) sections.push([]);
    else sections[sections.length - 1].push(line);
  }
  const { filesystems, malformed } = parseDfLines(sections[0]);
  const rootFilesystems: (Filesystem | null)[] = [];
  for (let i = 0; i < rootCount; i++) {
    const section = sections[i + 1];
    rootFilesystems.push(section ? (parseDfLines(section).filesystems[0] ?? null) : null);
  }
  return { filesystems, malformed, rootFilesystems };
}
