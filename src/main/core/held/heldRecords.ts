// The held probe's records (resources/probe/held.sh) to holders and files: each deleted inode counted once,
// by allocated blocks, with bounded lists.
import type { HeldFile, HeldHolder } from '../../../shared/heldModels';
import { displayName } from '../common/displayName';
import { makedev, parseMountInfo, type MountEntry } from '../common/mountInfo';

export const MAX_FILES_PER_HOLDER = 5_000;
export const MAX_HOLDERS = 2_000;
/**
 * Files listed in one report, over all holders (the largest holders first): ~300 bytes of JSON each, so a
 * report stays a few MB on the wire whatever the node holds. The rest is counted in each holder's moreFiles.
 */
export const MAX_LISTED_FILES = 20_000;
const O_APPEND = 0o2000;

interface FdStat {
  pid: number;
  fd: number;
  size: number;
  blocks: number;
  dev: number;
  ino: number;
}

interface FdInfo {
  pos: number;
  flags: number;
  mntId: number | null;
  /** Newer kernels print the inode: it catches an fd re-pointed (dup2) between the stat pass and this read. */
  ino: number | null;
}

interface ProcInfo {
  comm?: string;
  cmdline: string[];
  startTime?: number;
  uid?: number;
  unit?: string | null;
}

/** Everything the probe printed, joined by pid and fd; raw text is latin1 (one char per byte). */
export interface HeldProbeData {
  /** The uid the probe ran as; null when its status was not in the output. */
  probeUid: number | null;
  /** Processes whose fds the probe could not read. */
  hiddenPids: Set<number>;
  fds: FdStat[];
  targets: Map<string, string>;
  fdinfo: Map<string, FdInfo>;
  procs: Map<number, ProcInfo>;
  /** "dev:ino" of deleted files mapped by any process the probe could read. */
  mapped: Set<string>;
  mounts: MountEntry[];
  malformed: number;
}

const key = (pid: number, fd: number) => `${pid}/${fd}`;
const FD_PATH = /^\/proc\/(\d+)\/fd\/(\d+)$/;

/** "0::/system.slice/reactor.service" -> "reactor.service"; the innermost .service wins (user services). */
export function unitFromCgroup(text: string): string | null {
  const lines = text.split('\n').filter((l) => l !== '');
  const ranked = [...lines.filter((l) => l.startsWith('0::')), ...lines.filter((l) => l.includes(':name=systemd:')), ...lines];
  for (const line of ranked) {
    const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
    const unit = path.split('/').reverse().find((seg) => seg.endsWith('.service'));
    if (unit) return displayName(unit);
  }
  return null;
}

/** Field 22 of /proc/PID/stat. comm (field 2) may hold spaces and parens: count from the last ')'. */
export function startTimeFromStat(stat: string): number | null {
  const rest = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const v = Number(rest[19]);
  return Number.isFinite(v) ? v : null;
}

function num(s: string | undefined): number {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : NaN;
}

/** The real uid: the first of the four in "Uid:\t1000\t1000\t1000\t1000". */
function uidFromStatus(status: string): number | null {
  const u = num(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  return Number.isFinite(u) ? u : null;
}

/** "pos:\t0\nflags:\t02102001\nmnt_id:\t27\nino:\t123\n..." (one per fd: kept to one pass, no regex). */
function parseFdInfo(text: string): FdInfo | null {
  let pos = NaN;
  let flags = NaN;
  let mnt = NaN;
  let ino = NaN;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    if (colon > start && colon < end) {
      const value = text.slice(colon + 1, end).trim();
      switch (text.slice(start, colon)) {
        case 'pos':
          pos = num(value);
          break;
        case 'flags':
          flags = /^[0-7]+$/.test(value) ? parseInt(value, 8) : NaN;
          break;
        case 'mnt_id':
          mnt = num(value);
          break;
        case 'ino':
          ino = num(value);
          break;
      }
    }
    start = end + 1;
  }
  if (!Number.isFinite(pos) || !Number.isFinite(flags)) return null;
  return { pos, flags, mntId: Number.isFinite(mnt) ? mnt : null, ino: Number.isFinite(ino) ? ino : null };
}

function parseMapsLine(line: string, mapped: Set<string>): void {
  // "7f..-7f.. rw-s 00000000 00:2d 1234   /path (deleted)"
  const f = line.split(/\s+/, 5);
  const dm = /^([0-9a-f]+):([0-9a-f]+)$/.exec(f[3] ?? '');
  const ino = num(f[4]);
  if (dm && ino > 0) mapped.add(`${makedev(parseInt(dm[1], 16), parseInt(dm[2], 16))}:${ino}`);
}

export function parseHeldOutput(out: Buffer): HeldProbeData {
  const data: HeldProbeData = {
    probeUid: null,
    hiddenPids: new Set(),
    fds: [],
    targets: new Map(),
    fdinfo: new Map(),
    procs: new Map(),
    mapped: new Set(),
    mounts: [],
    malformed: 0,
  };
  const proc = (pid: number): ProcInfo => {
    let p = data.procs.get(pid);
    if (!p) data.procs.set(pid, (p = { cmdline: [] }));
    return p;
  };
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length; // a cut stream: the last record may be short, parse what is there
    const rec = out.toString('latin1', start, end);
    start = end + 1;
    if (rec === '') continue;
    if (rec.startsWith('find: ')) {
      for (const line of rec.split('\n')) {
        const m = /^find: .\/proc\/(\d+)\/fd.*Permission denied$/.exec(line);
        if (m) data.hiddenPids.add(Number(m[1]));
      }
    } else if (rec.startsWith('F\t')) {
      for (const line of rec.split('\n')) {
        if (line === '') continue;
        const f = line.split('\t');
        const m = FD_PATH.exec(f[1] ?? '');
        const [size, blocks, dev, ino] = f.slice(2, 6).map(num);
        if (!m || f.length !== 6 || [size, blocks, dev, ino].some((n) => Number.isNaN(n))) {
          data.malformed++;
          continue;
        }
        data.fds.push({ pid: Number(m[1]), fd: Number(m[2]), size, blocks, dev, ino });
      }
    } else if (rec.startsWith('L\t')) {
      const tab = rec.indexOf('\t', 2);
      const m = FD_PATH.exec(rec.slice(2, tab));
      if (tab < 0 || !m) data.malformed++;
      else data.targets.set(key(Number(m[1]), Number(m[2])), rec.slice(tab + 1));
    } else if (rec.startsWith('/proc/')) {
      parseProcRecord(rec, data, proc);
    } else data.malformed++;
  }
  return data;
}

function parseProcRecord(rec: string, data: HeldProbeData, proc: (pid: number) => ProcInfo): void {
  const colon = rec.indexOf(':');
  const m = /^\/proc\/(\d+|self)\/(fdinfo\/\d+|comm|stat|status|cgroup|cmdline|mountinfo|maps)$/.exec(rec.slice(0, colon));
  if (colon < 0 || !m) {
    data.malformed++;
    return;
  }
  const body = rec.slice(colon + 1);
  const what = m[2];
  if (m[1] === 'self') {
    if (what === 'status') data.probeUid = uidFromStatus(body);
    else if (what === 'mountinfo') data.mounts = parseMountInfo(body);
    return;
  }
  const pid = Number(m[1]);
  if (what === 'maps') {
    // A block of grep -H lines, possibly from many processes: each line carries its own prefix.
    for (const line of rec.split('\n')) {
      const c = line.indexOf(':');
      if (c > 0) parseMapsLine(line.slice(c + 1), data.mapped);
    }
  } else if (what.startsWith('fdinfo/')) {
    const info = parseFdInfo(body);
    if (info) data.fdinfo.set(key(pid, Number(what.slice(7))), info);
    else data.malformed++;
  } else if (what === 'comm') {
    // A process whose fds span two probe batches is listed twice, comm first: its cmdline starts over.
    const p = proc(pid);
    p.comm = displayName(body.replace(/\n$/, ''));
    p.cmdline = [];
  }
  else if (what === 'cmdline') proc(pid).cmdline.push(body);
  else if (what === 'stat') proc(pid).startTime = startTimeFromStat(body) ?? undefined;
  else if (what === 'status') proc(pid).uid = uidFromStatus(body) ?? undefined;
  else if (what === 'cgroup') proc(pid).unit = unitFromCgroup(body);
}

/** A held file joined with what the report needs for accounting, before the lists are capped. */
export interface AccountedFile extends HeldFile {
  comm: string;
  unit: string | null;
}

export interface HeldAccounting {
  holders: HeldHolder[];
  /** Every file, uncapped (for per-filesystem totals). */
  files: AccountedFile[];
  totalHeldBytes: number;
  /** Holders past MAX_HOLDERS, not listed; their bytes are in the totals. */
  moreHolders: { count: number; heldBytes: number };
  /** fds seen by the stat pass whose process or fd was gone before the rest was read. */
  vanished: number;
}

export interface HeldCaps {
  maxFilesPerHolder: number;
  maxHolders: number;
  maxListedFiles: number;
}

/**
 * Joins the probe's records into holders. Files are visited by pid then fd: the first fd to show an inode
 * carries its bytes, later ones are `duplicate` (another fd or process holding the same file frees nothing more).
 */
export function accountHeld(data: HeldProbeData, caps: HeldCaps = { maxFilesPerHolder: MAX_FILES_PER_HOLDER, maxHolders: MAX_HOLDERS, maxListedFiles: MAX_LISTED_FILES }): HeldAccounting {
  const mountById = new Map(data.mounts.map((m) => [m.mountId, m.mountPoint]));
  const mountByDev = new Map<number, string>();
  for (const m of data.mounts) if (!mountByDev.has(m.dev)) mountByDev.set(m.dev, m.mountPoint);
  const seen = new Set<string>();
  const byPid = new Map<number, AccountedFile[]>();
  let vanished = 0;
  const sorted = [...data.fds].sort((a, b) => a.pid - b.pid || a.fd - b.fd);
  for (const s of sorted) {
    const k = key(s.pid, s.fd);
    const target = data.targets.get(k);
    const info = data.fdinfo.get(k);
    const p = data.procs.get(s.pid);
    // Gone between the probe's passes (closed, re-pointed, or the process exited): not this file any more.
    const repointed = info !== undefined && info.ino !== null && info.ino !== s.ino;
    if (target === undefined || !info || repointed || !p || p.comm === undefined || p.startTime === undefined) {
      vanished++;
      continue;
    }
    const inode = `${s.dev}:${s.ino}`;
    const duplicate = seen.has(inode);
    seen.add(inode);
    const access = info.flags & 3;
    const rawMount = (info.mntId !== null ? mountById.get(info.mntId) : undefined) ?? mountByDev.get(s.dev);
    const file: AccountedFile = {
      pid: s.pid,
      fd: s.fd,
      path: displayName(target),
      sizeBytes: s.size,
      allocatedBytes: s.blocks * 512,
      dev: s.dev,
      ino: s.ino,
      flags: info.flags,
      pos: info.pos,
      writable: access === 1 || access === 2,
      append: (info.flags & O_APPEND) !== 0,
      mapped: data.mapped.has(inode),
      mount: rawMount === undefined ? null : displayName(rawMount),
      duplicate,
      comm: p.comm,
      unit: p.unit ?? null,
    };
    const list = byPid.get(s.pid);
    if (list) list.push(file);
    else byPid.set(s.pid, [file]);
  }
  const all: HeldHolder[] = [];
  const files: AccountedFile[] = [];
  for (const [pid, list] of byPid) {
    const p = data.procs.get(pid)!;
    files.push(...list);
    const heldBytes = list.reduce((n, f) => n + (f.duplicate ? 0 : f.allocatedBytes), 0);
    const shown = [...list].sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.fd - b.fd).slice(0, caps.maxFilesPerHolder);
    all.push({
      pid,
      comm: p.comm!,
      cmdline: displayName(p.cmdline.join(' ')),
      startTime: p.startTime!,
      uid: p.uid ?? -1,
      unit: p.unit ?? null,
      heldBytes,
      fileCount: list.length,
      files: shown.map(({ comm: _c, unit: _u, ...f }) => f),
      moreFiles: list.length - shown.length,
    });
  }
  all.sort((a, b) => b.heldBytes - a.heldBytes || a.pid - b.pid);
  const holders = all.slice(0, caps.maxHolders);
  const rest = all.slice(caps.maxHolders);
  let budget = caps.maxListedFiles;
  for (const h of holders) {
    if (h.files.length > budget) {
      h.moreFiles += h.files.length - budget;
      h.files = h.files.slice(0, budget);
    }
    budget -= h.files.length;
  }
  return {
    holders,
    files,
    totalHeldBytes: all.reduce((n, h) => n + h.heldBytes, 0),
    moreHolders: { count: rest.length, heldBytes: rest.reduce((n, h) => n + h.heldBytes, 0) },
    vanished,
  };
}
