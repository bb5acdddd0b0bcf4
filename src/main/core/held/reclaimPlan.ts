// Reclaim by truncation, the pure part: which held deleted files of a process may be truncated (and what
// that should free), and what the executor (resources/probe/truncate-held.sh) reported for each one.
import type { HeldFile, HeldMemoryFile, HeldReport, MemoryKind, ReclaimCode, ReclaimEntry, ReclaimPlan, ReclaimRefusal } from '../../../shared/heldModels';
import { displayName } from '../common/displayName';
import { unitFromCgroup } from './heldRecords';

export const NOT_APPEND_WARNING = 'the writer keeps its offset: the file grows back sparse; space is still freed';

export interface PlanInput {
  planId: string;
  node: string;
  createdAt: number;
  report: HeldReport;
  pid: number;
  /** Omit for every deleted file the process holds. */
  fds?: readonly number[];
}

function restartHint(holder: { pid: number; comm: string | null; unit: string | null }): string {
  return holder.unit ? `restart ${holder.unit}` : `restart the process (pid ${holder.pid}${holder.comm === null ? '' : `, ${holder.comm}`})`;
}

function inodeKey(f: Pick<HeldFile, 'dev' | 'ino'>): string {
  return `${f.dev}:${f.ino}`;
}

const MEMORY_WHAT: Record<MemoryKind, string> = {
  memfd: 'a memfd',
  sysv: 'SysV shared memory',
  anonymous: 'anonymous shared memory',
  'dev-shm': 'a file on /dev/shm',
  unmounted: 'on no mount of the process (a kernel-internal one)',
};

/** The refusal of a memory file: it is RAM (or swap), never disk; truncating it frees no disk and breaks its users. */
export function memoryRefusal(f: Pick<HeldMemoryFile, 'pid' | 'fd' | 'path' | 'kind'>): ReclaimRefusal {
  return { pid: f.pid, fd: f.fd, path: f.path, code: 'memory', reason: `memory, not disk: ${MEMORY_WHAT[f.kind]}; never truncated (it frees no disk space)`, unit: null };
}

/** The refusal of a mapped file, naming the process that maps it (the one to restart), not always the holder. */
export function mappedRefusal(at: { pid: number; fd: number; path: string }, mapper: { pid: number; comm: string | null; unit: string | null }): ReclaimRefusal {
  const who = mapper.pid === at.pid ? 'the process itself' : `pid ${mapper.pid}${mapper.comm === null ? '' : ` (${mapper.comm})`}`;
  return {
    pid: at.pid,
    fd: at.fd,
    path: at.path,
    code: 'mapped',
    reason: `memory-mapped by ${who}: truncating would kill it with SIGBUS; ${restartHint(mapper)}`,
    unit: mapper.unit,
    mapperPid: mapper.pid,
    mapperComm: mapper.comm,
    mapperUnit: mapper.unit,
  };
}

function readOnlyReason(fd: number, mount: string | null): string {
  return `the filesystem of fd ${fd}${mount ? ` (${mount})` : ''} is mounted read-only: truncating would fail with EROFS`;
}

export function buildReclaimPlan(input: PlanInput): ReclaimPlan {
  const { report, pid } = input;
  const entries: ReclaimEntry[] = [];
  const refused: ReclaimRefusal[] = [];
  const warnings: string[] = [];
  const plan = (): ReclaimPlan => ({
    planId: input.planId,
    node: input.node,
    createdAt: input.createdAt,
    entries,
    refused,
    expectedFreeBytes: entries.reduce((s, e) => s + e.allocatedBytes, 0),
    warnings,
  });
  if (report.partial) warnings.push(`the held-file scan was partial${report.errors.length ? `: ${report.errors[0]}` : ''}`);

  const memory = report.memory.filter((m) => m.pid === pid);
  const memoryByFd = new Map(memory.map((m) => [m.fd, m]));
  const holder = report.holders.find((h) => h.pid === pid);
  if (!holder) {
    const asked = input.fds === undefined ? memory : [...new Set(input.fds)].flatMap((fd) => memoryByFd.get(fd) ?? []);
    for (const m of asked) refused.push(memoryRefusal(m));
    if (asked.length === 0 || (input.fds !== undefined && asked.length < new Set(input.fds).size)) {
      refused.push({ pid, fd: null, path: null, code: 'not-held', reason: `process ${pid} holds no deleted files on disk${memory.length > 0 ? ' (only memory)' : ''} (or it was not found, or it has exited)`, unit: null });
    }
    return plan();
  }

  let files: HeldFile[] = holder.files;
  if (input.fds !== undefined) {
    const byFd = new Map(holder.files.map((f) => [f.fd, f]));
    files = [];
    for (const fd of new Set(input.fds)) {
      const f = byFd.get(fd);
      const m = memoryByFd.get(fd);
      if (f) files.push(f);
      else if (m) refused.push(memoryRefusal(m));
      else {
        const unlisted = holder.moreFiles > 0 ? ` (${holder.moreFiles} of its files were past the scan's list limit)` : '';
        refused.push({ pid, fd, path: null, code: 'not-held', reason: `fd ${fd} of pid ${pid} is not an open deleted file: not found, or its file is not deleted${unlisted}`, unit: null });
      }
    }
  } else {
    for (const m of memory) refused.push(memoryRefusal(m));
    if (holder.moreFiles > 0) warnings.push(`${holder.moreFiles} more deleted files of pid ${pid} were past the scan's list limit and are not in this plan`);
  }

  // An inode any process maps must not be truncated through any fd: the mapper would SIGBUS. The scan names
  // the mapper on each fd of the inode it lists; take it from any of them.
  const mapperOf = new Map<string, NonNullable<HeldFile['mapper']>>();
  for (const h of report.holders) for (const f of h.files) if (f.mapper && !mapperOf.has(inodeKey(f))) mapperOf.set(inodeKey(f), f.mapper);

  const planned = new Map<string, ReclaimEntry>();
  const refusedInodes = new Set<string>();
  let notAppend = 0;
  for (const f of files) {
    const key = inodeKey(f);
    const mapper = f.mapper ?? mapperOf.get(key) ?? (f.mapped ? { pid, comm: holder.comm, unit: holder.unit } : null);
    if (mapper || f.readOnly) {
      // One refusal per inode, like one entry per inode (Python's mmap keeps a dup of the fd, for one).
      if (refusedInodes.has(key)) continue;
      refusedInodes.add(key);
      refused.push(mapper ? mappedRefusal(f, mapper) : { pid, fd: f.fd, path: f.path, code: 'read-only', reason: readOnlyReason(f.fd, f.mount), unit: null });
      continue;
    }
    const first = planned.get(key);
    if (first) {
      // Truncating one fd frees the inode; a second fd of it is not a second entry.
      warnings.push(`fd ${f.fd} holds the same file as fd ${first.fd}: truncating fd ${first.fd} frees both`);
      if (f.writable && !f.append && !first.warnings.includes(NOT_APPEND_WARNING)) {
        first.warnings.push(NOT_APPEND_WARNING);
        notAppend++;
      }
      continue;
    }
    const entryWarnings: string[] = [];
    if (f.writable && !f.append) {
      entryWarnings.push(NOT_APPEND_WARNING);
      notAppend++;
    }
    const entry: ReclaimEntry = {
      pid,
      fd: f.fd,
      comm: holder.comm,
      unit: holder.unit,
      path: f.path,
      dev: f.dev,
      ino: f.ino,
      startTime: holder.startTime,
      allocatedBytes: f.allocatedBytes,
      mount: f.mount,
      warnings: entryWarnings,
    };
    planned.set(key, entry);
    entries.push(entry);
  }
  if (notAppend > 0) warnings.push(`${notAppend} file${notAppend === 1 ? '' : 's'} not opened with O_APPEND: ${NOT_APPEND_WARNING}`);
  return plan();
}

/** The executor's stdin: five NUL-terminated decimal fields per entry. */
export function executorInput(entries: readonly ReclaimEntry[]): Buffer {
  const fields: string[] = [];
  for (const e of entries) fields.push(String(e.pid), String(e.fd), String(e.dev), String(e.ino), String(e.startTime));
  return Buffer.from(fields.map((f) => `${f}\0`).join(''), 'latin1');
}

export interface TruncateRecord {
  pid: number;
  fd: number;
  ok: boolean;
  /** The executor's own code ("truncated", or why it skipped): see reclaimCodeOf for the refusal code. */
  code: string;
  /** Allocated bytes just before truncating, when the executor saw them. */
  allocatedBytes: number | null;
  /** With code "mapped": the process that maps the file (comm escaped, unit from its cgroup). */
  mapper: { pid: number; comm: string | null; unit: string | null } | null;
}

export interface TruncateNote {
  /** "maps-unreadable": processes whose mappings the executor could not read. */
  what: string;
  count: number;
  detail: string;
}

const ENTRY_FIELDS = 9;
const NOTE_FIELDS = 4;
/** Entries per executor shell (truncate-held.sh's xargs -n); each batch may add one note. */
export const EXECUTOR_BATCH_ENTRIES = 100;

/**
 * The most NUL-terminated fields the executor can print for `entries` entries: one record each and one note
 * per batch. The output limit is counted in fields, so it must follow the format or a long plan is cut short.
 */
export function executorMaxFields(entries: number): number {
  return entries * ENTRY_FIELDS + Math.ceil(entries / EXECUTOR_BATCH_ENTRIES) * NOTE_FIELDS;
}

/**
 * Parses the executor's output: "E" records of 9 fields, one per entry, and "W" notes of 4. An incomplete
 * last record (the executor was stopped) is dropped and counted as malformed.
 */
export function parseTruncateRecords(out: Buffer): { records: TruncateRecord[]; notes: TruncateNote[]; malformed: number } {
  const parts = out.toString('latin1').split('\0');
  parts.pop(); // after the last NUL: empty, or a record cut short
  const records: TruncateRecord[] = [];
  const notes: TruncateNote[] = [];
  let malformed = 0;
  let i = 0;
  while (i < parts.length) {
    const kind = parts[i];
    const size = kind === 'E' ? ENTRY_FIELDS : kind === 'W' ? NOTE_FIELDS : 0;
    if (size === 0) {
      // Out of step: find the next record start rather than reading fields as records.
      malformed++;
      i++;
      while (i < parts.length && parts[i] !== 'E' && parts[i] !== 'W') i++;
      continue;
    }
    if (i + size > parts.length) {
      malformed++;
      break;
    }
    const f = parts.slice(i + 1, i + size);
    i += size;
    if (kind === 'W') {
      notes.push({ what: f[0].slice(0, 40), count: /^\d+$/.test(f[1]) ? Number(f[1]) : 0, detail: displayName(f[2].slice(0, 200)) });
      continue;
    }
    const [pid, fd, status, code, blocks, mapperPid, mapperComm, mapperCgroup] = f;
    if (!/^\d+$/.test(pid) || !/^\d+$/.test(fd) || (status !== 'ok' && status !== 'skipped')) {
      malformed++;
      continue;
    }
    const mapper = /^\d+$/.test(mapperPid) ? { pid: Number(mapperPid), comm: mapperComm === '' ? null : displayName(mapperComm.replace(/\n$/, '')), unit: unitFromCgroup(mapperCgroup) } : null;
    records.push({ pid: Number(pid), fd: Number(fd), ok: status === 'ok', code, allocatedBytes: /^\d+$/.test(blocks) ? Number(blocks) * 512 : null, mapper });
  }
  return { records, notes, malformed };
}

/** The refusal code of an executor skip code. */
export function reclaimCodeOf(executorCode: string): ReclaimCode {
  switch (executorCode) {
    case 'memory':
    case 'mount-unknown':
      return 'memory';
    case 'mapped':
      return 'mapped';
    case 'read-only':
      return 'read-only';
    case 'process-gone':
    case 'fd-gone':
      return 'gone';
    case 'process-changed':
    case 'not-same-file':
    case 'not-deleted':
    case 'not-regular':
      return 'changed';
    case 'no-access':
    case 'maps-unreadable':
      return 'no-access';
    default:
      return 'failed';
  }
}

/** Skip codes where restarting the holder is the way to free the space. */
export function restartFrees(code: string): boolean {
  return code === 'maps-unreadable' || code === 'no-access' || code === 'open-failed' || code === 'truncate-failed';
}

/** The refusal for an executor skip: its code, one sentence, the unit to restart where a restart is the way out. */
export function skipRefusal(r: Pick<TruncateRecord, 'code' | 'mapper'>, entry: Pick<ReclaimEntry, 'pid' | 'fd' | 'comm' | 'unit' | 'path' | 'mount'>): ReclaimRefusal {
  if (r.code === 'mapped') return mappedRefusal(entry, r.mapper ?? { pid: entry.pid, comm: entry.comm, unit: entry.unit });
  return { pid: entry.pid, fd: entry.fd, path: entry.path, code: reclaimCodeOf(r.code), reason: skipReason(r.code, entry), unit: restartFrees(r.code) ? entry.unit : null };
}

/** One sentence per executor skip code, naming the unit to restart where a restart is the way out. */
export function skipReason(code: string, entry: Pick<ReclaimEntry, 'pid' | 'fd' | 'comm' | 'unit'> & { mount?: string | null }): string {
  const restart = restartHint(entry);
  switch (code) {
    case 'process-gone':
      return `process gone: pid ${entry.pid} has exited (its files were freed when it did)`;
    case 'process-changed':
      return `process changed: pid ${entry.pid} is now another process (start time differs); plan again`;
    case 'no-access':
      return `cannot see the fds of pid ${entry.pid} as this user: run as its owner or root, or ${restart}`;
    case 'fd-gone':
      return `fd ${entry.fd} is closed now; plan again`;
    case 'not-same-file':
      return `fd ${entry.fd} now points at another file (re-opened or dup2'd since the plan); plan again`;
    case 'not-deleted':
      return `the file of fd ${entry.fd} has a name again (link count above 0); not a held deleted file`;
    case 'not-regular':
      return `fd ${entry.fd} is no longer a regular file; plan again`;
    case 'memory':
      return `fd ${entry.fd} is memory, not disk (a memfd, shared memory, /dev/shm, or on no mount of the process); never truncated`;
    case 'mount-unknown':
      return `cannot tell which mount fd ${entry.fd} was opened through (no mnt_id in its fdinfo, or the process's mount table unreadable): not shown to be disk, so treated as memory and not truncated`;
    case 'read-only':
      return readOnlyReason(entry.fd, entry.mount ?? null);
    case 'mapped':
      return `memory-mapped: truncating would kill the mapper with SIGBUS; ${restart}`;
    case 'maps-unreadable':
      return `cannot read /proc/${entry.pid}/maps to rule out a memory mapping (run as the owner or root); ${restart}`;
    case 'open-failed':
      return `cannot open /proc/${entry.pid}/fd/${entry.fd} for writing (access refused, or the fd is changing); run as the owner or root, or ${restart}`;
    case 'truncate-failed':
      return `truncating through /proc/${entry.pid}/fd/${entry.fd} failed; ${restart}`;
    case 'bad-input':
      return 'the executor rejected the entry as malformed';
    default:
      return `skipped (${code.slice(0, 40)})`;
  }
}
