// Fleet → "Prometheus…": the fleet's Prometheus source. Secrets are named by their files (read by the backend
// at each query), never typed in; Remove goes back to polling every node over SSH.
import { useState, type ReactElement } from 'react';
import { usePromFleetStore } from '../../state/promFleetStore';
import { Modal } from './Modal';
import { fieldsOf, sourceOf, type PromSourceFields } from './promSourceForm';

export function PrometheusDialog({ onClose }: { onClose: () => void }): ReactElement {
  const saved = usePromFleetStore((s) => s.source);
  const [f, setF] = useState<PromSourceFields>(() => fieldsOf(saved));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (k: keyof PromSourceFields) => ({ value: f[k], onChange: (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value }) });

  const submit = async (remove: boolean) => {
    const made = remove ? ({ ok: true, source: null } as const) : sourceOf(f);
    if (!made.ok) return setError(made.message);
    setBusy(true);
    const r = await usePromFleetStore.getState().save(made.source);
    setBusy(false);
    if (!r.ok) return setError(r.message);
    onClose();
  };

  return (
    <Modal
      title="Prometheus source"
      testId="prometheus-dialog"
      onClose={onClose}
      footer={
        <>
          {saved && (
            <button type="button" disabled={busy} onClick={() => void submit(true)} data-testid="prometheus-remove">
              Remove
            </button>
          )}
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="prometheus-form" className="primary" disabled={busy} data-testid="prometheus-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form
        id="prometheus-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <label className="form-row">
          URL
          <input {...field('url')} placeholder="https://prometheus.example:9090" className="mono" autoComplete="off" data-testid="prometheus-url" />
        </label>
        <label className="form-row">
          Bearer token file
          <input {...field('bearerTokenFile')} placeholder="/etc/spoolscope/prom-token" className="mono" autoComplete="off" />
        </label>
        <label className="form-row">
          Basic auth file (user:password)
          <input {...field('basicAuthFile')} className="mono" autoComplete="off" />
        </label>
        <label className="form-row">
          CA file
          <input {...field('caFile')} className="mono" autoComplete="off" />
        </label>
        <label className="form-row">
          Extra headers, one per line
          <textarea {...field('headers')} rows={2} placeholder="X-Scope-OrgID: ops" className="mono" />
        </label>
        <label className="form-row">
          SSH node of an instance
          <select value={f.mapKind} onChange={(e) => setF({ ...f, mapKind: e.target.value as PromSourceFields['mapKind'] })} data-testid="prometheus-map-kind">
            <option value="same">the same name (instance without its port)</option>
            <option value="label">a label of the instance</option>
            <option value="pattern">a pattern, e.g. root@{'{host}'}</option>
          </select>
        </label>
        {f.mapKind !== 'same' && (
          <label className="form-row">
            {f.mapKind === 'label' ? 'Label' : 'Pattern'}
            <input {...field('mapValue')} placeholder={f.mapKind === 'label' ? 'nodename' : 'root@{host}'} className="mono" autoComplete="off" />
          </label>
        )}
      </form>
      <p className="muted small">
        With a source, the fleet is ranked from node_exporter&apos;s metrics (time to full over a 6 h trend) and a node is connected over SSH only when you open it.
      </p>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </Modal>
  );
}
