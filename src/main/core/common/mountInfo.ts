// /proc/PID/mountinfo lines to mounts, and the device numbers that tie st_dev, maps and mounts together.

export interface MountEntry {
  mountId: number;
  /** st_dev as stat() and find's %D give it (glibc makedev of the line's major:minor). */
  dev: number;
  mountPoint: string;
  fstype: string;
}

/** glibc's makedev: how a (major, minor) pair becomes st_dev. Plain arithmetic: the result passes 2^32. */
export function makedev(major: number, minor: number): number {
  const hiMajor = Math.floor(major / 0x1000) * 0x100000000000; // (major & ~0xfff) << 32
  const loMajor = (major % 0x1000) * 0x100; // (major & 0xfff) << 8
  const hiMinor = Math.floor(minor / 0x100) * 0x100000; // (minor & ~0xff) << 12
  return hiMajor + loMajor + hiMinor + (minor % 0x100);
}

/** Mount points escape space, tab, newline and backslash as \ooo. Returns raw bytes as a latin1 string. */
export function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** "36 25 0:45 / /mnt/spool rw,relatime shared:1 - tmpfs tmpfs rw,size=32768k" */
export function parseMountInfoLine(line: string): MountEntry | null {
  const sep = line.indexOf(' - ');
  if (sep < 0) return null;
  const f = line.slice(0, sep).split(' ');
  const tail = line.slice(sep + 3).split(' ');
  const dm = /^(\d+):(\d+)$/.exec(f[2] ?? '');
  const mountId = Number(f[0]);
  if (f.length < 6 || !dm || !Number.isInteger(mountId)) return null;
  return { mountId, dev: makedev(Number(dm[1]), Number(dm[2])), mountPoint: unescapeOctal(f[4]), fstype: tail[0] ?? '' };
}

export function parseMountInfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const m = line === '' ? null : parseMountInfoLine(line);
    if (m) out.push(m);
  }
  return out;
}

/** A mount with whether writes through it are refused: its own options or its superblock's say "ro". */
export interface MountState extends MountEntry {
  readOnly: boolean;
}

const hasRo = (options: string | undefined) => options !== undefined && options.split(',').includes('ro');

/** Like parseMountInfoLine, with the read-only state (a bind mount remounted ro has "ro" in its own options only). */
export function parseMountStateLine(line: string): MountState | null {
  const entry = parseMountInfoLine(line);
  if (!entry) return null;
  const sep = line.indexOf(' - ');
  const ownOptions = line.slice(0, sep).split(' ')[5];
  const superOptions = line.slice(sep + 3).split(' ')[2];
  return { ...entry, readOnly: hasRo(ownOptions) || hasRo(superOptions) };
}

export function parseMountStates(text: string): MountState[] {
  const out: MountState[] = [];
  for (const line of text.split('\n')) {
    const m = line === '' ? null : parseMountStateLine(line);
    if (m) out.push(m);
  }
  return out;
}
