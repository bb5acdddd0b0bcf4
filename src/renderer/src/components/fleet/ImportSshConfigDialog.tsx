// Import ~/.ssh/config (or another file): each concrete Host becomes a node; what was skipped says why.
import { useState, type ReactElement } from 'react';
import type { SshConfigImport } from '../../../../shared/nodeModels';
import { useFleetStore } from '../../state/fleetStore';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { useNodeDirectoryStore } from '../../state/nodeDirectoryStore';
import { Modal } from './Modal';

export function ImportSshConfigDialog(): ReactElement {
  const close = () => useNodeDialogStore.getState().close();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SshConfigImport | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await useNodeDirectoryStore.getState().importSshConfig(path.trim() || undefined);
    setBusy(false);
    if (!r.ok) return setError(r.message);
    setResult(r.result);
    void useFleetStore.getState().load();
    if (r.result.imported.length > 0) void useFleetStore.getState().refresh(r.result.imported);
  };

  return (
    <Modal
      title="Import ~/.ssh/config"
      testId="import-dialog"
      onClose={close}
      footer={
        result ? (
          <button type="button" className="primary" onClick={close}>
            Done
          </button>
        ) : (
          <>
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void run()} data-testid="import-run">
              {busy ? 'Importing…' : 'Import'}
            </button>
          </>
        )
      }
    >
      {!result && (
        <label className="form-row">
          Config file
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="~/.ssh/config" className="mono" autoComplete="off" data-testid="import-path" />
        </label>
      )}
      <p className="muted small">Each concrete Host (no wildcards) is saved as a node with its HostName, Port, User, IdentityFile and ProxyJump.</p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <div data-testid="import-result">
          <p>
            Imported <strong>{result.imported.length}</strong> {result.imported.length === 1 ? 'node' : 'nodes'}
            {result.imported.length > 0 && <span className="mono muted">: {result.imported.slice(0, 20).join(', ')}{result.imported.length > 20 ? ', …' : ''}</span>}
          </p>
          {result.skipped.length > 0 && (
            <ul className="muted small">
              {result.skipped.slice(0, 50).map((s, i) => (
                <li key={i}>
                  <span className="mono">{s.host}</span>: {s.reason}
                </li>
              ))}
              {result.skipped.length > 50 && <li>and {result.skipped.length - 50} more skipped</li>}
            </ul>
          )}
        </div>
      )}
    </Modal>
  );
}
