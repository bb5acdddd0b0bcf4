// The passphrase for a node's encrypted key file (nodes.unlockKey). Kept in memory by the backend;
// "remember" stores it only through the OS keychain.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useFleetStore } from '../../state/fleetStore';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { useNodeDirectoryStore } from '../../state/nodeDirectoryStore';
import { Modal } from './Modal';
import { SubmitFooter } from './SubmitFooter';

export function PassphraseDialog({ name }: { name: string }): ReactElement {
  const info = useNodeDirectoryStore((s) => s.nodes[name]);
  const close = () => useNodeDialogStore.getState().close();
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await useNodeDirectoryStore.getState().unlockKey(name, passphrase, remember);
    setBusy(false);
    if ('error' in r) return setError(r.error);
    if (r.state === 'passphrase_needed') return setError(r.message ?? 'That passphrase did not open the key; try again.');
    setPassphrase('');
    close();
    void useFleetStore.getState().refresh([name]);
  };

  return (
    <Modal
      title={`Passphrase for ${name}`}
      testId="passphrase-dialog"
      onClose={close}
      footer={<SubmitFooter formId="passphrase-form" label="Unlock" busyLabel="Unlocking…" busy={busy} testId="passphrase-unlock" onCancel={close} />}
    >
      <form id="passphrase-form" className="form-grid" onSubmit={(e) => void submit(e)}>
        <p className="wide">
          The key file <span className="mono">{info?.config?.identityFile ?? '(unknown)'}</span> is encrypted.
        </p>
        <label className="wide">
          Passphrase
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="passphrase-input" />
        </label>
        <label className="wide check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          Remember it in the system keychain
        </label>
      </form>
      {error && (
        <div className="error" role="alert" data-testid="passphrase-error">
          {error}
        </div>
      )}
    </Modal>
  );
}
