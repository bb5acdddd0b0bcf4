// A host key to decide on. Unknown: the SHA256 fingerprint the server offered, to compare out of band,
// and one explicit "Trust this key" (which trusts exactly that fingerprint). Changed: refused, with what
// to do about it, and deliberately no button that connects anyway.
import { useState, type ReactElement } from 'react';
import type { NodeInfo } from '../../../../shared/nodeModels';
import { useFleetStore } from '../../state/fleetStore';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { useNodeDirectoryStore } from '../../state/nodeDirectoryStore';
import { Modal } from './Modal';
import { STATE_LABEL } from './stateLabels';

function knownHostsName(info: NodeInfo): string {
  const host = info.config?.host ?? info.address;
  const port = info.config?.port ?? 22;
  return port === 22 ? host : `[${host}]:${port}`;
}

function Fingerprint({ value }: { value: string | null }): ReactElement {
  return (
    <div className="fingerprint mono" data-testid="hostkey-fingerprint">
      {value ?? 'the server offered no key we could read'}
    </div>
  );
}

export function HostKeyDialog({ name }: { name: string }): ReactElement {
  const info = useNodeDirectoryStore((s) => s.nodes[name]);
  const close = () => useNodeDialogStore.getState().close();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!info || (info.state !== 'hostkey_unknown' && info.state !== 'hostkey_changed')) {
    return (
      <Modal title={`Host key of ${name}`} testId="hostkey-dialog" onClose={close} footer={<button type="button" onClick={close}>Close</button>}>
        <p data-testid="hostkey-settled">{info ? `${name} is ${STATE_LABEL[info.state]}: no host key decision is pending.` : `${name} is not a saved node.`}</p>
      </Modal>
    );
  }

  if (info.state === 'hostkey_changed') {
    return (
      <Modal
        title={`Host key of ${name} has changed: refused`}
        testId="hostkey-dialog"
        onClose={close}
        footer={
          <button type="button" className="primary" onClick={close} data-testid="hostkey-close">
            Close
          </button>
        }
      >
        <div className="hostkey-refusal" data-testid="hostkey-changed" role="alert">
          <p>
            <strong>{info.address}</strong> offered a different host key from the one recorded in known_hosts. Spoolscope will not connect to it.
          </p>
          <p className="muted">It now offers:</p>
          <Fingerprint value={info.hostKeyFingerprint} />
          <p>
            This is what a man-in-the-middle looks like, and also what a reinstalled node looks like. Ask whoever runs the node for its key
            fingerprint (on its console: <span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</span>). Only if it matches, remove
            the old entry with <span className="mono">ssh-keygen -R '{knownHostsName(info)}'</span> and open the node again.
          </p>
          {info.message && <p className="muted small">{info.message}</p>}
        </div>
      </Modal>
    );
  }

  const fingerprint = info.hostKeyFingerprint;
  const trust = async () => {
    if (!fingerprint) return;
    setBusy(true);
    setError(null);
    const r = await useNodeDirectoryStore.getState().trustHostKey(name, fingerprint);
    setBusy(false);
    if ('error' in r) return setError(r.error);
    if (r.state === 'hostkey_unknown' || r.state === 'hostkey_changed') return setError(r.message ?? `still ${STATE_LABEL[r.state]}`);
    close();
    // Trusted and connected: its figures are what the operator wants next.
    void useFleetStore.getState().refresh([name]);
  };

  return (
    <Modal
      title={`Unknown host key for ${name}`}
      testId="hostkey-dialog"
      onClose={close}
      footer={
        <>
          <button type="button" onClick={close} data-testid="hostkey-cancel">
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy || !fingerprint} onClick={() => void trust()} data-testid="hostkey-trust">
            {busy ? 'Trusting…' : 'Trust this key'}
          </button>
        </>
      }
    >
      <p>
        <strong>{info.address}</strong> is not in known_hosts. It offered this key:
      </p>
      <Fingerprint value={fingerprint} />
      <p className="muted">
        Compare it with the key on the node itself (its console: <span className="mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</span>)
        before trusting it. Trusting adds exactly this key to known_hosts; if the node offers another one later, it is refused.
      </p>
      {error && (
        <div className="error" role="alert" data-testid="hostkey-error">
          {error}
        </div>
      )}
    </Modal>
  );
}
