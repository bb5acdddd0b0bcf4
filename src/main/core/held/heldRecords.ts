// The held probe's records (resources/probe/held.sh) to holders and files: each deleted inode counted once,
// by allocated blocks, with bounded lists.
import type { HeldFile, HeldHolder, HeldMemoryFile, MemoryKind } from '../../../shared/heldModels';
import { displayName } from '../common/displayName';
import { makedev, parseMountStates, type MountState } from '../common/mountInfo';
import { digitsField } from '../common/probeFields';

export const MAX_FILES_PER_HOLDER = 5_000;
export const MAX_HOLDERS = 2_000;
/**
 * Files listed in one report, over all holders (the largest holders first): ~300 bytes of JSON each, so a
 * report stays a few MB on the wire whatever the node holds. The rest is counted in each holder's moreFiles.
 */
export const MAX_LISTED_FILES = 20_000;
/** Memory files listed in one report (Chromium alone holds hundreds of memfds); the rest are counted. */
export const MAX_LISTED_MEMORY = 5_000;
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
  /** "dev:ino" of deleted files mapped by any process the probe could read -> the pids that map them. */
  mappers: Map<string, Set<number>>;
  /** The probe's own mount table (mount points as df sees them). */
  mounts: MountState[];
  /** Holders' mount namespaces ("mnt:[4026531840]"), where this user may read them. */
  mountNs: Map<number, string>;
  /** Holders whose root directory is "/". */
  rootIsSlash: Set<number>;
  /** Mount tables the probe printed, by the pid it read: one per namespace (see mountTableOf). */
  mountTables: Map<number, MountState[]>;
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

const num = digitsField;

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

function parseMapsLine(pid: number, line: string, mappers: Map<string, Set<number>>): void {
  // "7f..-7f.. rw-s 00000000 00:2d 1234   /path (deleted)"
  const f = line.split(/\s+/, 5);
  const dm = /^([0-9a-f]+):([0-9a-f]+)$/.exec(f[3] ?? '');
  const ino = num(f[4]);
  if (!dm || !(ino > 0)) return;
  const k = `${makedev(parseInt(dm[1], 16), parseInt(dm[2], 16))}:${ino}`;
  const pids = mappers.get(k);
  if (pids) pids.add(pid);
  else mappers.set(k, new Set([pid]));
}

const NS_LINE = /^N\t\/proc\/(\d+)\/(ns\/mnt|root)\t(.*)$/;

/** "N\t/proc/P/ns/mnt\tmnt:[id]" and "N\t/proc/P/root\t/" lines (one block). */
function parseNsBlock(rec: string, data: HeldProbeData): void {
  for (const line of rec.split('\n')) {
    if (line === '') continue;
    const m = NS_LINE.exec(line);
    if (!m) data.malformed++;
    else if (m[2] === 'root') {
      if (m[3] === '/') data.rootIsSlash.add(Number(m[1]));
    } else if (m[3].startsWith('mnt:')) data.mountNs.set(Number(m[1]), m[3]);
  }
}

/**
 * The mount table a holder sees: holders that share a mount namespace and the root "/" see the same one,
 * which the probe printed once (for the lowest pid); any other holder's own. Null when none was printed
 * (the process whose table it was exited before it was read).
 */
export function mountTableOf(data: HeldProbeData, pid: number): MountState[] | null {
  const own = data.mountTables.get(pid);
  if (own) return own;
  const ns = data.mountNs.get(pid);
  if (ns === undefined || !data.rootIsSlash.has(pid)) return null;
  for (const [other, table] of data.mountTables) if (data.mountNs.get(other) === ns && data.rootIsSlash.has(other)) return table;
  return null;
}

/**
 * Memory, not disk: by the fd's target (memfd, SysV, anonymous shared memory), by its mount (/dev/shm), or
 * because its mount id is not in the holder's own mount table (a kernel-internal mount: nothing on a disk).
 * `holderMount` is the holder's mount of the fd, undefined when not in its table; `tableKnown` says whether
 * the holder's table was read at all (without it a missing mount proves nothing).
 */
export function memoryKindOf(target: string, mntId: number | null, holderMount: MountState | undefined, tableKnown: boolean, fallbackMount?: MountState): MemoryKind | null {
  if (target.startsWith('/memfd:')) return 'memfd';
  if (/^\/SYSV[0-9a-f]{8}( \(deleted\))?$/.test(target)) return 'sysv';
  if (target === '/dev/zero' || target.startsWith('/dev/zero ') || /^\/?\[/.test(target)) return 'anonymous';
  if ((holderMount ?? (tableKnown ? undefined : fallbackMount))?.mountPoint === '/dev/shm') return 'dev-shm';
  if (tableKnown && mntId !== null && holderMount === undefined) return 'unmounted';
  return null;
}

export function parseHeldOutput(out: Buffer): HeldProbeData {
  const data: HeldProbeData = {
    probeUid: null,
    hiddenPids: new Set(),
    fds: [],
    targets: new Map(),
    fdinfo: new Map(),
    procs: new Map(),
    mappers: new Map(),
    mounts: [],
    mountNs: new Map(),
    rootIsSlash: new Set(),
    mountTables: new Map(),
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
    } else if (rec.startsWith('N\t')) {
      parseNsBlock(rec, data);
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
    else if (what === 'mountinfo') data.mounts = parseMountStates(body);
    return;
  }
  const pid = Number(m[1]);
  if (what === 'maps') {
    // A block of grep -H lines, possibly from many processes: each line carries its own prefix.
    for (const line of rec.split('\n')) {
      const lm = /^\/proc\/(\d+)\/maps:/.exec(line);
      if (lm) parseMapsLine(Number(lm[1]), line.slice(lm[0].length), data.mappers);
    }
  } else if (what === 'mountinfo') {
    data.mountTables.set(pid, parseMountStates(body));
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
  /** Holders of deleted files on disk (memory is apart). */
  holders: HeldHolder[];
  /** Every disk file, uncapped (for per-filesystem totals). */
  files: AccountedFile[];
  totalHeldBytes: number;
  /** Holders past MAX_HOLDERS, not listed; their bytes are in the totals. */
  moreHolders: { count: number; heldBytes: number };
  /** Held files that are memory, largest first, capped; never in holders, files or totalHeldBytes. */
  memory: HeldMemoryFile[];
  memoryBytes: number;
  moreMemory: number;
  /** fds seen by the stat pass whose process or fd was gone before the rest was read. */
  vanished: number;
}

export interface HeldCaps {
  maxFilesPerHolder: number;
  maxHolders: number;
  maxListedFiles: number;
  maxListedMemory?: number;
}

/**
 * The process to name for a mapped inode: another process when one maps it (restarting the holder would
 * not release that mapping), the lowest pid first; else the holder itself.
 */
function mapperOf(data: HeldProbeData, inode: string, holderPid: number): HeldFile['mapper'] {
  const pids = data.mappers.get(inode);
  if (!pids || pids.size === 0) return null;
  let pick = -1;
  for (const p of pids) if (p !== holderPid && (pick < 0 || p < pick)) pick = p;
  if (pick < 0) pick = holderPid;
  const proc = data.procs.get(pick);
  return { pid: pick, comm: proc?.comm ?? null, unit: proc?.unit ?? null };
}

/**
 * Joins the probe's records into holders. Files are visited by pid then fd: the first fd to show an inode
 * carries its bytes, later ones are `duplicate` (another fd or process holding the same file frees nothing more).
 * Memory (memoryKindOf) goes to its own list, counted the same way but never with disk.
 */
export function accountHeld(data: HeldProbeData, caps: HeldCaps = { maxFilesPerHolder: MAX_FILES_PER_HOLDER, maxHolders: MAX_HOLDERS, maxListedFiles: MAX_LISTED_FILES }): HeldAccounting {
  const mountById = new Map(data.mounts.map((m) => [m.mountId, m]));
  const mountByDev = new Map<number, MountState>();
  for (const m of data.mounts) if (!mountByDev.has(m.dev)) mountByDev.set(m.dev, m);
  const tables = new Map<number, Map<number, MountState> | null>();
  const holderTable = (pid: number) => {
    if (!tables.has(pid)) {
      const t = mountTableOf(data, pid);
      tables.set(pid, t && new Map(t.map((m) => [m.mountId, m])));
    }
    return tables.get(pid)!;
  };
  const seen = new Set<string>();
  const seenMemory = new Set<string>();
  const byPid = new Map<number, AccountedFile[]>();
  const memory: HeldMemoryFile[] = [];
  let memoryBytes = 0;
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
    const table = holderTable(s.pid);
    const probeMount = (info.mntId !== null ? mountById.get(info.mntId) : undefined) ?? mountByDev.get(s.dev);
    // Without a mount id (kernels before 3.15) the holder's mount is the first of its table on the device.
    const holderMount = table ? (info.mntId !== null ? table.get(info.mntId) : [...table.values()].find((m) => m.dev === s.dev)) : undefined;
    const kind = memoryKindOf(target, info.mntId, holderMount, table !== null, probeMount);
    const seenSet = kind ? seenMemory : seen;
    const duplicate = seenSet.has(inode);
    seenSet.add(inode);
    const access = info.flags & 3;
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
      mapped: data.mappers.has(inode),
      mapper: mapperOf(data, inode, s.pid),
      mount: probeMount === undefined ? null : displayName(probeMount.mountPoint),
      readOnly: (holderMount ?? probeMount)?.readOnly ?? false,
      duplicate,
      comm: p.comm,
      unit: p.unit ?? null,
    };
    if (kind) {
      memory.push({ ...file, kind });
      if (!duplicate) memoryBytes += file.allocatedBytes;
      continue;
    }
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
  memory.sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.pid - b.pid || a.fd - b.fd);
  const listedMemory = memory.slice(0, caps.maxListedMemory ?? MAX_LISTED_MEMORY);
  return {
    holders,
    files,
    totalHeldBytes: all.reduce((n, h) => n + h.heldBytes, 0),
    moreHolders: { count: rest.length, heldBytes: rest.reduce((n, h) => n + h.heldBytes, 0) },
    memory: listedMemory,
    memoryBytes,
    moreMemory: memory.length - listedMemory.length,
    vanished,
  };
}
