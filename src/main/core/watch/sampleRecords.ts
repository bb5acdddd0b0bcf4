// Parses the sample probe's NUL-terminated records (resources/probe/sample.sh). Paths stay raw bytes in
// latin1 strings, as the scan parser keeps them, so a hostile name round-trips to the next sample's input.
import type { Filesystem } from '../../../shared/models';
import { parseDfOutput } from '../common/dfRecords';

export interface ProcessSample {
  pid: number;
  comm: string | null;
  writeBytes: number | null;
  rssBytes: number | null;
}

export interface SampleRecords {
  /** The node's clock (ms, fractional) when df ran; null when its date cannot print nanoseconds. */
  nodeTimeMs: number | null;
  filesystem: Filesystem | null;
  /** Allocated bytes of each measured path (absolute, raw). Paths that vanished are missing. */
  sizes: Map<string, number>;
  /** Files changed in the last minutes (absolute, raw), when asked. */
  changed: string[];
  /** Pids with an fd open on a file under the root, when asked. */
  writers: number[];
  processes: Map<number, ProcessSample>;
  malformed: number;
}

const PROC_FILE = /^\/proc\/(\d+)\/(io|status|comm):/;

function processOf(out: SampleRecords, pid: number): ProcessSample {
  let p = out.processes.get(pid);
  if (!p) {
    p = { pid, comm: null, writeBytes: null, rssBytes: null };
    out.processes.set(pid, p);
  }
  return p;
}

/** `raw` is the whole output read as latin1 (one byte per char). */
export function parseSampleOutput(raw: string): SampleRecords {
  const out: SampleRecords = { nodeTimeMs: null, filesystem: null, sizes: new Map(), changed: [], writers: [], processes: new Map(), malformed: 0 };
  const writers = new Set<number>();
  for (const rec of raw.split('\0')) {
    if (rec === '') continue;
    if (rec.startsWith('DF\n')) {
      // df text is ASCII except the mount point, which df escapes: latin1 is exact for it.
      out.filesystem = parseDfOutput(rec.slice(3)).filesystems[0] ?? out.filesystem;
      continue;
    }
    if (rec.startsWith('T\t')) {
      // GNU date prints 19 digits; one without %N prints "...%N" or a short number: not a clock to use.
      const ns = rec.slice(2);
      if (/^\d{19}$/.test(ns)) out.nodeTimeMs = Number(BigInt(ns) / 1000n) / 1000;
      continue;
    }
    const du = /^(\d+)\t/.exec(rec);
    if (du) {
      out.sizes.set(rec.slice(du[0].length), Number(du[1]));
      continue;
    }
    if (rec.startsWith('N\t')) {
      const tab = rec.indexOf('\t', 2);
      if (tab > 2) out.changed.push(rec.slice(tab + 1));
      else out.malformed++;
      continue;
    }
    if (rec.startsWith('W\t')) {
      const m = /^W\t\/proc\/(\d+)\/fd$/.exec(rec);
      if (m) writers.add(Number(m[1]));
      else out.malformed++;
      continue;
    }
    const proc = PROC_FILE.exec(rec);
    if (proc) {
      const p = processOf(out, Number(proc[1]));
      const body = rec.slice(proc[0].length);
      if (proc[2] === 'comm') p.comm = Buffer.from(body, 'latin1').toString('utf8').trim();
      else if (proc[2] === 'io') {
        const m = /^write_bytes:\s*(\d+)/m.exec(body);
        if (m) p.writeBytes = Number(m[1]);
      } else {
        const m = /^VmRSS:\s*(\d+)\s*kB/m.exec(body);
        // Kernel threads and zombies have no VmRSS: 0, not unknown.
        p.rssBytes = m ? Number(m[1]) * 1024 : 0;
      }
      continue;
    }
    out.malformed++;
  }
  out.writers = [...writers].sort((a, b) => a - b);
  return out;
}

/** A find -lname pattern matching link targets under `root` (raw): glob characters in it escaped. */
export function linkPatternUnder(root: string): string {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return `${base.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}/*`;
}
