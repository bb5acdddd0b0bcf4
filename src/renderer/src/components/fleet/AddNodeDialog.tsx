// Add an SSH node by hand: name, host, port, user, key file (or ssh-agent when empty), jump host, sudo.
// The backend checks everything again (nodes.add); its message is shown as it comes.
import { useState, type FormEvent, type ReactElement } from 'react';
import { NODE_NAME_PATTERN } from '../../../../shared/nodeModels';
import { useFleetStore } from '../../state/fleetStore';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { useNodeDirectoryStore } from '../../state/nodeDirectoryStore';
import { Modal } from './Modal';
import { SubmitFooter } from './SubmitFooter';

export function AddNodeDialog(): ReactElement {
  const close = () => useNodeDialogStore.getState().close();
  const [f, setF] = useState({ name: '', host: '', port: '22', user: 'root', identityFile: '', jumpHost: '', sudo: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setF({ ...f, [k]: e.target.type === 'checkbox' ? Boolean(e.target.checked) : e.target.value });
  const name = f.name.trim() || f.host.trim();
  const port = Number(f.port);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!f.host.trim()) return setError('Host is required.');
    if (!NODE_NAME_PATTERN.test(name)) return setError('Name: letters, digits and . _ @ : - only.');
    if (!Number.isInteger(port) || port < 1 || port > 65535) return setError('Port must be 1 to 65535.');
    setBusy(true);
    const message = await useNodeDirectoryStore.getState().add({
      name,
      host: f.host.trim(),
      port,
      user: f.user.trim(),
      ...(f.identityFile.trim() ? { identityFile: f.identityFile.trim() } : {}),
      ...(f.jumpHost.trim() ? { jumpHost: f.jumpHost.trim() } : {}),
      sudo: f.sudo,
    });
    setBusy(false);
    if (message) return setError(message);
    close();
    void useFleetStore.getState().load();
    void useFleetStore.getState().refresh([name]);
  };

  return (
    <Modal
      title="Add a node"
      testId="add-node-dialog"
      onClose={close}
      footer={<SubmitFooter formId="add-node-form" label="Add node" busyLabel="Saving…" busy={busy} testId="add-node-save" onCancel={close} />}
    >
      <form id="add-node-form" className="form-grid" onSubmit={(e) => void submit(e)}>
        <label>
          Host
          <input value={f.host} onChange={set('host')} placeholder="db-3.example.net or 10.0.0.7" autoComplete="off" data-testid="add-host" />
        </label>
        <label>
          Port
          <input value={f.port} onChange={set('port')} inputMode="numeric" data-testid="add-port" />
        </label>
        <label>
          User
          <input value={f.user} onChange={set('user')} autoComplete="off" data-testid="add-user" />
        </label>
        <label>
          Name
          <input value={f.name} onChange={set('name')} placeholder={f.host.trim() || 'defaults to the host'} autoComplete="off" data-testid="add-name" />
        </label>
        <label className="wide">
          Key file
          <input value={f.identityFile} onChange={set('identityFile')} placeholder="empty: use ssh-agent" className="mono" autoComplete="off" data-testid="add-identity" />
        </label>
        <label className="wide">
          Jump host
          <input value={f.jumpHost} onChange={set('jumpHost')} placeholder="optional: a saved node's name, or user@host:port" className="mono" autoComplete="off" data-testid="add-jump" />
        </label>
        <label className="wide check">
          <input type="checkbox" checked={f.sudo} onChange={set('sudo')} data-testid="add-sudo" />
          Run probes through <span className="mono">sudo -n</span> (without it, a non-root user sees only its own processes)
        </label>
      </form>
      <p className="muted small">The host key is checked against known_hosts when it first connects; an unknown key is shown for you to confirm.</p>
      {error && (
        <div className="error" role="alert" data-testid="add-node-error">
          {error}
        </div>
      )}
    </Modal>
  );
}
