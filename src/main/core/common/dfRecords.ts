// Parses the df probe's lines into filesystems with their fill level.
import type { Filesystem } from '../../../shared/models';
import { fillLevel } from '../../../shared/fillLevel';

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

export function parseDfOutput(text: string): { filesystems: Filesystem[]; malformed: number } {
  const filesystems: Filesystem[] = [];
  let malformed = 0;
  const lines = text.split('\n');
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
    const fillRatio = used + avail > 0 ? used / (used + avail) : 0;
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
      fillRatio,
      level: fillLevel(fillRatio),
    });
  }
  return { filesystems, malformed };
}
