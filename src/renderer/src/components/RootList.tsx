// Roots of the node: pick one to scan, add one by absolute path, remove one.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useNodeStore } from '../state/nodeStore';
import { useReapStore } from '../state/reapStore';
import { importedReason, useScanStore } from '../state/scanStore';
import { AuditDialog } from './AuditDialog';
import { MiddleTruncate } from './MiddleTruncate';

export function RootList(): ReactElement {
  const roots = useNodeStore((s) => s.roots);
  const selected = useNodeStore((s) => s.selectedRoot);
  const rootsError = useNodeStore((s) => s.rootsError);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [auditOpen, setAuditOpen] = useState(false);
  const off = importedReason(useScanStore((s) => s.imported));

  const choose = (path: string) => {
    useNodeStore.getState().selectRoot(path);
    void useScanStore.getState().start(path);
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const path = draft.trim();
    if (!path.startsWith('/')) {
      setError('Enter an absolute path, starting with /');
      return;
    }
    setBusy(true);
    const message = await useNodeStore.getState().addRoot(path);
    setBusy(false);
    if (message) {
      setError(message);
      return;
    }
    setError(null);
    setDraft('');
    choose(path);
  };

  const remove = async (path: string) => {
    await useNodeStore.getState().removeRoot(path);
    const { selectedRoot, roots: left } = useNodeStore.getState();
    if (selectedRoot === null && left.length > 0) choose(left[0].path);
  };

  return (
    <section className="panel-section" aria-labelledby="roots-title">
      <h2 id="roots-title">Log roots</h2>
      <ul className="root-list" data-testid="roots">
        {roots.map((r) => (
          <li key={r.path} className={`root-item${r.path === selected ? ' selected' : ''}`}>
            <button
              type="button"
              className="root-select"
              title={`Scan ${r.path}`}
              aria-pressed={r.path === selected}
              onClick={() => choose(r.path)}
            >
              <MiddleTruncate text={r.path} title={`Scan ${r.path}`} />
            </button>
            {r.path === selected && (
              <button
                type="button"
                className="root-reap"
                data-testid="reap-root"
                disabled={off !== null}
                title={off ?? `Plan which partitions of ${r.path} to remove (nothing happens before you confirm)`}
                onClick={() => {
                  if (off === null) void useReapStore.getState().open(r.path);
                }}
              >
                Reap…
              </button>
            )}
            {!r.isDefault && (
              <button type="button" className="root-remove" aria-label={`Remove ${r.path}`} title="Remove this root" onClick={() => void remove(r.path)}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="root-add" onSubmit={(e) => void add(e)}>
        <input
          type="text"
          value={draft}
          placeholder="/srv/spool"
          aria-label="Absolute path of a root to add"
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" disabled={busy || draft.trim() === ''}>
          Add
        </button>
      </form>
      {(error ?? rootsError) && <div className="error">{error ?? rootsError}</div>}
      <div className="root-actions">
        <button type="button" className="link" data-testid="open-audit" onClick={() => setAuditOpen(true)}>
          Audit log
        </button>
      </div>
      {auditOpen && <AuditDialog onClose={() => setAuditOpen(false)} />}
    </section>
  );
}
