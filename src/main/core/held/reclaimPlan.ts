// Reclaim by truncation, the pure part: which held deleted files of a process may be truncated (and what
// that should free), and what the executor (resources/probe/truncate-held.sh) reported for each one.
import type { HeldFile, HeldHolder, HeldReport, ReclaimEntry, ReclaimPlan, ReclaimRefusal } from '../../../shared/heldModels';

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

function restartHint(holder: Pick<HeldHolder, 'pid' | 'comm' | 'unit'>): string {
  return holder.unit ? `restart ${holder.unit}` : `restart the process (pid ${holder.pid}, ${holder.comm})`;
}

function inodeKey(f: Pick<HeldFile, 'dev' | 'ino'>): string {
  return `${f.dev}:${f.ino}`;
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

  const holder = report.holders.find((h) => h.pid === pid);
  if (!holder) {
    refused.push({ pid, fd: null, path: null, reason: `process ${pid} holds no deleted files (not found, or it has exited)`, unit: null });
    return plan();
  }

  // An inode any process has mapped must not be truncated through any fd: the mapper would SIGBUS.
  const mappedBy = new Map<string, HeldHolder>();
  for (const h of report.holders) for (const f of h.files) if (f.mapped && !mappedBy.has(inodeKey(f))) mappedBy.set(inodeKey(f), h);

  let files: HeldFile[] = holder.files;
  if (input.fds !== undefined) {
    const byFd = new Map(holder.files.map((f) => [f.fd, f]));
    files = [];
    for (const fd of new Set(input.fds)) {
      const f = byFd.get(fd);
      if (f) files.push(f);
      else {
        const unlisted = holder.moreFiles > 0 ? ` (${holder.moreFiles} of its files were past the scan's list limit)` : '';
        refused.push({ pid, fd, path: null, reason: `fd ${fd} of pid ${pid} is not an open deleted file: not found, or its file is not deleted${unlisted}`, unit: null });
      }
    }
  } else if (holder.moreFiles > 0) {
    warnings.push(`${holder.moreFiles} more deleted files of pid ${pid} were past the scan's list limit and are not in this plan`);
  }

  const planned = new Map<string, ReclaimEntry>();
  const refusedInodes = new Set<string>();
  let notAppend = 0;
  for (const f of files) {
    const key = inodeKey(f);
    const mapper = f.mapped ? holder : mappedBy.get(key);
    if (mapper) {
      // One refusal per inode, like one entry per inode (Python's mmap keeps a dup of the fd, for one).
      if (refusedInodes.has(key)) continue;
      refusedInodes.add(key);
      const who = mapper.pid === pid ? 'the process' : `pid ${mapper.pid} (${mapper.comm})`;
      refused.push({ pid, fd: f.fd, path: f.path, reason: `memory-mapped by ${who}: truncating could crash it; ${restartHint(mapper)}`, unit: mapper.unit });
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
  code: string;
  /** Allocated bytes just before truncating, when the executor saw them. */
  allocatedBytes: number | null;
}

/** Parses the executor's output; an incomplete last record (the executor was stopped) is dropped. */
export function parseTruncateRecords(out: Buffer): { records: TruncateRecord[]; malformed: number } {
  const parts = out.toString('latin1').split('\0');
  parts.pop(); // after the last NUL: empty, or a record cut short
  const records: TruncateRecord[] = [];
  let malformed = 0;
  for (let i = 0; i + 5 <= parts.length; i += 5) {
    const [pid, fd, status, code, blocks] = parts.slice(i, i + 5);
    if (!/^\d+$/.test(pid) || !/^\d+$/.test(fd) || (status !== 'ok' && status !== 'skipped')) {
      malformed++;
      continue;
    }
    records.push({ pid: Number(pid), fd: Number(fd), ok: status === 'ok', code, allocatedBytes: /^\d+$/.test(blocks) ? Number(blocks) * 512 : null });
  }
  if (parts.length % 5 !== 0) malformed++;
  return { records, malformed };
}

/** Skip codes where restarting the holder is the way to free the space. */
export function restartFrees(code: string): boolean {
  return code === 'mapped' || code === 'maps-unreadable' || code === 'no-access' || code === 'open-failed' || code === 'truncate-failed';
}

/** One sentence per executor skip code, naming the unit to restart where a restart is the way out. */
export function skipReason(code: string, entry: Pick<ReclaimEntry, 'pid' | 'fd' | 'comm' | 'unit'>): string {
  const restart = restartHint(entry);
  switch (code) {
    case 'process-gone':
      return `process gone: pid ${entry.pid} has exited (its files were freed when it did)`;
    case 'process-changed':
      return `process gone/changed: pid ${entry.pid} is now another process (start time differs); plan again`;
    case 'no-access':
      return `cannot see the fds of pid ${entry.pid} as this user: run as its owner or root, or ${restart}`;
    case 'fd-gone':
      return `fd ${entry.fd} is closed now; plan again`;
    case 'not-same-file':
      return `fd ${entry.fd} now points at another file (re-opened or dup2'd since the plan); plan again`;
    case 'not-deleted':
      return `the file of fd ${entry.fd} has a name again (link count above 0); not a held deleted file`;
    case 'not-regular':
      return `fd ${entry.fd} is no longer a regular file`;
    case 'mapped':
      return `memory-mapped by the process: truncating could crash it; ${restart}`;
    case 'maps-unreadable':
      return `cannot read /proc/${entry.pid}/maps to rule out a memory mapping (run as the owner or root); ${restart}`;
    case 'open-failed':
      return `cannot open /proc/${entry.pid}/fd/${entry.fd} (permission?); run as the owner or root, or ${restart}`;
    case 'truncate-failed':
      return `truncating through /proc/${entry.pid}/fd/${entry.fd} failed; ${restart}`;
    case 'bad-input':
      return 'the executor rejected the entry as malformed';
    default:
      return `skipped (${code.slice(0, 40)})`;
  }
}
