// The records the reap-facts and data-stores probes both print about the node's processes: the count of
// processes whose fds could not be read ("H"), /proc/locks, fdinfo flags and comm names. Read in one place,
// so the two probes' readers cannot drift apart on what a writer or a lock is.
import { makedev } from './mountInfo';
import { digitsField } from './probeFields';

export interface FileLock {
  dev: number;
  ino: number;
  pid: number;
  /** FLOCK, POSIX, OFDLCK, LEASE... */
  kind: string;
}

/** Where a reader keeps what the process records say. */
export interface ProcessFacts {
  comms: Map<number, string>;
  locks: FileLock[];
  /** Processes whose fds the probe could not read (another user's, when not root): writers it cannot see. */
  hiddenProcesses: number;
  malformed: number;
}

/** "1: FLOCK  ADVISORY  WRITE 4242 fd:00:1234 0 EOF"; waiters ("1: -> FLOCK ...") hold nothing yet. */
export function parseLocks(text: string): FileLock[] {
  const locks: FileLock[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words.length < 6 || words[1] === '->') continue;
    const idAt = words.findIndex((w) => /^[0-9a-f]+:[0-9a-f]+:\d+$/i.test(w));
    if (idAt < 1) continue;
    const [maj, min, ino] = words[idAt].split(':');
    const pid = digitsField(words[idAt - 1]);
    locks.push({ dev: makedev(parseInt(maj, 16), parseInt(min, 16)), ino: Number(ino), pid: Number.isNaN(pid) ? -1 : pid, kind: words[1] });
  }
  return locks;
}

const FDINFO = /^\/proc\/(\d+)\/fdinfo\/(\d+):/;
const COMM = /^\/proc\/(\d+)\/comm:/;

/** A "/proc/PID/fdinfo/FD:<text>" record: its "PID/FD" key and open flags (null without a flags line); null for another record. */
export function fdinfoRecord(rec: string): { key: string; flags: number | null } | null {
  const fi = FDINFO.exec(rec);
  if (!fi) return null;
  const m = /^flags:\s*([0-7]+)$/m.exec(rec);
  return { key: `${fi[1]}/${fi[2]}`, flags: m ? parseInt(m[1], 8) : null };
}

/**
 * Takes one process record into `into`, fdinfo flags into `flags` by "PID/FD" (matched to the fds once
 * every record is in: fdinfo may come before or after its fd's record); false when `rec` is not one.
 */
export function processRecord(rec: string, into: ProcessFacts, flags: Map<string, number>): boolean {
  if (rec.startsWith('H\t')) {
    const n = digitsField(rec.slice(2));
    if (Number.isNaN(n)) into.malformed++;
    else into.hiddenProcesses = n;
    return true;
  }
  if (rec.startsWith('/proc/locks:')) {
    into.locks = parseLocks(rec.slice('/proc/locks:'.length));
    return true;
  }
  const fi = fdinfoRecord(rec);
  if (fi) {
    if (fi.flags !== null) flags.set(fi.key, fi.flags);
    return true;
  }
  const c = COMM.exec(rec);
  if (!c) return false;
  into.comms.set(Number(c[1]), rec.slice(c[0].length).replace(/\n$/, ''));
  return true;
}
