// The tool-action executors' inputs and outputs (resources/probe/store-act-*.sh): what goes on stdin for a
// kept action, and the NUL-separated records that come back. Raw paths go as latin1 bytes, the node's own.
import type { ActFileSkip, ActRefusalCode } from '../../../shared/storeActionModels';
import type { ToolActionSpec } from './toolActionSpec';

export type ExecutorMode = 'check' | 'run';

/** The stdin fields for a spec, each NUL-terminated by the caller (raw strings are latin1). */
export function executorFields(spec: ToolActionSpec, mode: ExecutorMode): string[] {
  const d = spec.dir;
  switch (spec.kind) {
    case 'journald-vacuum':
      return [mode, d.path, String(d.dev), String(d.ino), spec.vacuumSize ?? '-', spec.vacuumTime ?? '-', spec.rotate ? '1' : '0'];
    case 'truncate-container-log':
      return [mode, d.path, String(d.dev), String(d.ino), spec.file.name, String(spec.file.dev), String(spec.file.ino)];
    case 'unlink-core-dumps':
      return [mode, d.path, String(d.dev), String(d.ino), String(spec.files.length), ...spec.files.flatMap((f) => [f.name, String(f.ino), String(f.size), String(f.mtime)])];
    case 'apt-clean':
      return [mode, d.path, String(d.dev), String(d.ino)];
  }
}

export interface ExecutorReport {
  mount: string | null;
  refusal: { code: ActRefusalCode; reason: string; pid: number | null; comm: string | null } | null;
  /** Every check passed (check mode), or every file was answered (core dumps). */
  checked: boolean;
  /** The command's exit code and output (journalctl, apt-get). */
  exitCode: number | null;
  output: string;
  /** Writers of a container log: pid, comm, whether with O_APPEND. */
  writers: { pid: number; comm: string; append: boolean }[];
  /** Truncated: the file's 512-byte blocks just before. */
  truncatedBlocks: number | null;
  /** Core dumps: per file, by raw name. */
  files: { name: string; ok: boolean; code: string }[];
  malformed: number;
}

const REFUSAL_CODES = new Set<ActRefusalCode>(['changed', 'store-active', 'not-append', 'confirm-mismatch', 'unavailable', 'failed']);
/** Fields after the type field, per record type. */
const FIELDS: Record<string, number> = { M: 1, R: 2, W: 3, K: 0, T: 1, C: 2, F: 3 };

function num(s: string | undefined): number | null {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : null;
}

/** Parses an executor's whole stdout (latin1). Refusal records carry 2 fields, or 4 with a pid and comm. */
export function parseExecutorOutput(out: Buffer, kind: ToolActionSpec['kind']): ExecutorReport {
  const r: ExecutorReport = { mount: null, refusal: null, checked: false, exitCode: null, output: '', writers: [], truncatedBlocks: null, files: [], malformed: 0 };
  const fields = out.toString('latin1').split('\0');
  // What followed the last NUL: empty, or a record cut short.
  fields.pop();
  // Refusals of the truncate and apt executors name a process: two more fields.
  const refusalFields = kind === 'truncate-container-log' || kind === 'apt-clean' ? 4 : 2;
  let i = 0;
  while (i < fields.length) {
    const type = fields[i];
    const n = type === 'R' ? refusalFields : FIELDS[type];
    if (n === undefined || i + n >= fields.length) {
      r.malformed++;
      i++;
      continue;
    }
    const f = fields.slice(i + 1, i + 1 + n);
    i += 1 + n;
    switch (type) {
      case 'M':
        r.mount = f[0] === '' ? null : Buffer.from(f[0], 'latin1').toString('utf8');
        break;
      case 'R': {
        const code = REFUSAL_CODES.has(f[0] as ActRefusalCode) ? (f[0] as ActRefusalCode) : 'failed';
        r.refusal = { code, reason: Buffer.from(f[1], 'latin1').toString('utf8'), pid: num(f[2]), comm: f[3] ? Buffer.from(f[3], 'latin1').toString('utf8') : null };
        break;
      }
      case 'W':
        r.writers.push({ pid: num(f[0]) ?? -1, comm: Buffer.from(f[1], 'latin1').toString('utf8'), append: f[2] === '1' });
        break;
      case 'K':
        r.checked = true;
        break;
      case 'T':
        r.truncatedBlocks = num(f[0]);
        break;
      case 'C':
        r.exitCode = num(f[0]);
        r.output = Buffer.from(f[1], 'latin1').toString('utf8');
        break;
      case 'F':
        r.files.push({ name: f[2], ok: f[0] === 'ok', code: f[1] });
        break;
    }
  }
  return r;
}

const SKIP_REASONS: Record<ActFileSkip['code'], string> = {
  changed: 'not the file listed any more (another inode, size or mtime, or not a regular file): left as it is',
  gone: 'already gone',
  'in-use': 'open by a process now (a core being written, or read by a debugger): left as it is',
  failed: 'the unlink failed',
};

/** A core-dump executor's file answer as a skip. */
export function fileSkip(path: string, code: string): ActFileSkip {
  const c: ActFileSkip['code'] = code === 'changed' || code === 'gone' || code === 'in-use' ? code : 'failed';
  return { path, code: c, reason: SKIP_REASONS[c] };
}
