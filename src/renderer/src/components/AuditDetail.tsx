// One audit action opened up: who confirmed it, what it meant to touch (a reap's partitions with their
// files and sizes; a reclaim's deleted files with the pid, process and fd holding each), what was freed
// (statvfs, per filesystem) and what was kept at the moment of action, and why. The rows are read as
// written by reaper.ts and heldReclaimer.ts; fields an older row lacks are just not shown.
import { freedText } from '../../../shared/freedText';
import type { ReactElement } from 'react';
import { formatBytes, formatCount } from '../format';

type Detail = Record<string, unknown>;

/** Each list in a row is capped when written (AUDIT_LIST_MAX); the view shows this many of it. */
const SHOWN = 50;

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): Detail[] => (Array.isArray(v) ? v.filter((x): x is Detail => x !== null && typeof x === 'object') : []);

function More({ shown, total }: { shown: number; total: number }): ReactElement | null {
  return total > shown ? <li className="muted">… {formatCount(total - shown)} more</li> : null;
}

function Freed({ result }: { result: Detail | null }): ReactElement {
  if (!result) return <div className="warn-text">No result row: the action was interrupted, or the log could not be written.</div>;
  const freed = num(result.freedBytes);
  const filesystems = list(result.filesystems);
  return (
    <div>
      {freed !== null && freed < 0 ? (
        // Others wrote more than the action freed meanwhile: never a negative "Freed".
        <strong>{freedText(freed).replace(/^f/, 'F')}</strong>
      ) : (
        <>
          Freed <strong>{freed === null ? '–' : formatBytes(freed)}</strong>
        </>
      )}
      , measured by statvfs
      {filesystems.length > 0 && (
        <>
          {' '}
          on{' '}
          {filesystems.map((f, i) => (
            <span key={i} className="mono">
              {i > 0 ? ', ' : ''}
              {str(f.mount) ?? '?'}
              {num(f.usedBefore) !== null && num(f.usedAfter) !== null ? ` (used ${formatBytes(num(f.usedBefore)!)} → ${formatBytes(num(f.usedAfter)!)})` : ''}
            </span>
          ))}
        </>
      )}
      {num(result.removedFiles) !== null && <> · {plural(num(result.removedFiles)!, 'file', 'files')} removed</>}
      {num(result.truncated) !== null && <> · {plural(num(result.truncated)!, 'file', 'files')} truncated</>}
    </div>
  );
}

function Kept({ result }: { result: Detail | null }): ReactElement | null {
  const skipped = list(result?.skipped);
  if (skipped.length === 0) return null;
  const total = skipped.length + (num(result?.moreSkipped) ?? 0);
  return (
    <>
      <h4>Kept at the moment of action</h4>
      <ul className="audit-list" data-testid="audit-kept">
        {skipped.slice(0, SHOWN).map((s, i) => (
          <li key={i}>
            <span className="mono">{str(s.path) ?? (num(s.pid) !== null ? `pid ${num(s.pid)} fd ${num(s.fd) ?? '?'}` : '?')}</span> <span className="muted">[{str(s.code) ?? '?'}]</span> {str(s.reason) ?? ''}
          </li>
        ))}
        <More shown={Math.min(SHOWN, skipped.length)} total={total} />
      </ul>
    </>
  );
}

function ReapFiles({ intent }: { intent: Detail }): ReactElement {
  const parts = list(intent.partitions);
  const total = parts.length + (num(intent.morePartitions) ?? 0);
  return (
    <>
      <h4>Partitions planned</h4>
      <ul className="audit-list" data-testid="audit-files">
        {parts.slice(0, SHOWN).map((p, i) => (
          <li key={i}>
            <bdi className="mono">{str(p.path) ?? '?'}</bdi> <span className="muted">· {plural(num(p.files) ?? 0, 'file', 'files')} · {formatBytes(num(p.allocatedBytes) ?? 0)}</span>
          </li>
        ))}
        <More shown={Math.min(SHOWN, parts.length)} total={total} />
      </ul>
    </>
  );
}

function ReclaimFiles({ intent }: { intent: Detail }): ReactElement {
  const entries = list(intent.entries);
  const total = entries.length + (num(intent.moreEntries) ?? 0);
  return (
    <>
      <h4>Deleted files planned for truncation</h4>
      <ul className="audit-list" data-testid="audit-files">
        {entries.slice(0, SHOWN).map((e, i) => (
          <li key={i}>
            <span className="mono">pid {num(e.pid) ?? '?'}</span> {str(e.comm) ?? ''}
            {str(e.unit) ? <span className="muted"> ({str(e.unit)})</span> : null} <span className="muted">fd {num(e.fd) ?? '?'}</span> <bdi className="mono">{str(e.path) ?? ''}</bdi>{' '}
            <span className="muted">· {formatBytes(num(e.allocatedBytes) ?? 0)}</span>
          </li>
        ))}
        <More shown={Math.min(SHOWN, entries.length)} total={total} />
      </ul>
    </>
  );
}

export function AuditDetail({ action, intent, result }: { action: string; intent: Detail | null; result: Detail | null }): ReactElement {
  const user = str(intent?.user);
  return (
    <div className="audit-detail" data-testid="audit-detail">
      <div>
        {user ? (
          <>
            Confirmed by <strong className="mono" data-testid="audit-user">{user}</strong>
          </>
        ) : (
          <span className="muted">Who confirmed it was not recorded (an older row).</span>
        )}
        {str(intent?.root) && (
          <>
            {' '}
            · root <span className="mono">{str(intent?.root)}</span>
          </>
        )}
      </div>
      <Freed result={result} />
      {intent && action === 'reap' && <ReapFiles intent={intent} />}
      {intent && action !== 'reap' && Array.isArray(intent.entries) && <ReclaimFiles intent={intent} />}
      <Kept result={result} />
    </div>
  );
}
