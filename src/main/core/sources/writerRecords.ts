// The writers probe's records: which processes have a partition's files open for writing.
import type { Writer } from '../../../shared/sourceModels';
import { displayName } from '../common/displayName';

const O_ACCMODE = 0o3;

/** Writers (fds open write-only or read-write), one per process and file, at most `max`. */
export function parseWriters(buf: Uint8Array, max = 200): Writer[] {
  // latin1: one char per byte, so a path is its raw bytes until displayName shows it.
  const text = new TextDecoder('latin1').decode(buf);
  const pathById = new Map<string, string>();
  const fds: Array<{ id: string; pid: number; fd: number }> = [];
  const flags = new Map<string, number>();
  const comm = new Map<number, string>();
  for (const rec of text.split('\0')) {
    if (rec.startsWith('I\t')) {
      const rest = rec.slice(2);
      const tab = rest.indexOf('\t');
      if (tab > 0) pathById.set(rest.slice(0, tab), rest.slice(tab + 1));
    } else if (rec.startsWith('O\t')) {
      const m = /^O\t(\d+:\d+)\t\/proc\/(\d+)\/fd\/(\d+)$/.exec(rec);
      if (m) fds.push({ id: m[1], pid: Number(m[2]), fd: Number(m[3]) });
    } else {
      const info = /^\/proc\/(\d+)\/fdinfo\/(\d+):[\s\S]*?^flags:\s*([0-7]+)/m.exec(rec);
      if (info) flags.set(`${info[1]}/${info[2]}`, parseInt(info[3], 8));
      const c = /^\/proc\/(\d+)\/comm:([^\n]*)/.exec(rec);
      if (c) comm.set(Number(c[1]), c[2]);
    }
  }
  const seen = new Set<string>();
  const out: Writer[] = [];
  for (const f of fds) {
    const fl = flags.get(`${f.pid}/${f.fd}`);
    if (fl === undefined || (fl & O_ACCMODE) === 0) continue;
    const path = pathById.get(f.id);
    if (path === undefined) continue;
    const key = `${f.pid}:${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pid: f.pid, comm: displayName(comm.get(f.pid) ?? '?'), path: displayName(path) });
    if (out.length >= max) break;
  }
  return out;
}
