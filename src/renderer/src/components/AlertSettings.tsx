// The node's alert thresholds: fill, time to full, held bytes (a share of each filesystem, capped), writer
// memory, desktop notifications. Shown in operator units (%, hours, GiB, MiB) and stored as the contract's
// ratios, seconds and bytes.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { AlertConfig } from '../../../shared/watchModels';
import { getApi } from '../api/getApi';
import { useReturnFocus } from '../hooks/returnFocus';
import { currentNode, nodeLabel } from '../state/navStore';
import '../watch.css';

interface Field {
  key: Exclude<keyof AlertConfig, 'notify'>;
  label: string;
  unit: string;
  /** Stored value per displayed unit. */
  scale: number;
  step: number;
}

const FIELDS: Field[] = [
  { key: 'fillWarn', label: 'Fill: warn at', unit: '%', scale: 0.01, step: 1 },
  { key: 'fillCritical', label: 'Fill: critical at', unit: '%', scale: 0.01, step: 1 },
  { key: 'timeToFullWarnSeconds', label: 'Time to full: warn under', unit: 'h', scale: 3600, step: 0.5 },
  { key: 'timeToFullCriticalSeconds', label: 'Time to full: critical under', unit: 'h', scale: 3600, step: 0.5 },
  { key: 'heldWarnShare', label: 'Held by deleted files: warn at', unit: '% of the filesystem', scale: 0.01, step: 1 },
  { key: 'heldWarnMaxBytes', label: 'Held by deleted files: warn cap', unit: 'GiB', scale: 1024 ** 3, step: 0.5 },
  { key: 'heldCriticalShare', label: 'Held by deleted files: critical at', unit: '% of the filesystem', scale: 0.01, step: 1 },
  { key: 'heldCriticalMaxBytes', label: 'Held by deleted files: critical cap', unit: 'GiB', scale: 1024 ** 3, step: 0.5 },
  { key: 'writerRssWarnBytes', label: 'Writer memory growth without writes: warn at', unit: 'MiB', scale: 1024 ** 2, step: 64 },
  { key: 'writerRssCriticalBytes', label: 'Writer memory growth without writes: critical at', unit: 'MiB', scale: 1024 ** 2, step: 64 },
];

const round = (v: number) => Math.round(v * 100) / 100;

/** Warn must come before critical: a fill warns below where it turns critical, a time to full above. */
function problemWith(c: AlertConfig): string | null {
  if (c.fillWarn >= c.fillCritical) return 'The fill warning must be below the critical fill.';
  if (c.timeToFullWarnSeconds <= c.timeToFullCriticalSeconds) return 'The time-to-full warning must be longer than the critical one.';
  // Warn below critical on a filesystem of any size: the shares rule small ones, the caps large ones.
  if (c.heldWarnShare >= c.heldCriticalShare) return 'The held-bytes warning share must be below the critical share.';
  if (c.heldWarnMaxBytes >= c.heldCriticalMaxBytes) return 'The held-bytes warning cap must be below the critical cap.';
  if (c.writerRssWarnBytes >= c.writerRssCriticalBytes) return 'The writer-memory warning must be below the critical amount.';
  return null;
}

function Dialog({ onClose }: { onClose: () => void }): ReactElement {
  const node = currentNode();
  const [config, setConfig] = useState<AlertConfig | null>(null);
  const [text, setText] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useReturnFocus(true);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void getApi()
      .api.invoke('alerts.config.get', { node })
      .then((r) => {
        if (!r.ok) return setError(r.message);
        setConfig(r.result);
        setText(Object.fromEntries(FIELDS.map((f) => [f.key, String(round(r.result[f.key] / f.scale))])));
      });
  }, [node]);
  useEffect(() => first.current?.focus(), [config]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!config) return;
    const next: AlertConfig = { ...config };
    for (const f of FIELDS) {
      const v = Number(text[f.key]);
      const percent = f.unit.startsWith('%');
      if (!Number.isFinite(v) || v <= 0 || (percent && v > 100)) return setError(`${f.label}: enter a number${percent ? ' above 0, at most 100' : ' above 0'}.`);
      next[f.key] = v * f.scale;
    }
    const problem = problemWith(next);
    if (problem) return setError(problem);
    setSaving(true);
    const r = await getApi().api.invoke('alerts.config.set', { node, config: next });
    setSaving(false);
    if (!r.ok) return setError(r.message);
    onClose();
  };

  return (
    <div className="modal-backdrop">
      <form
        className="modal narrow alert-settings"
        role="dialog"
        aria-modal="true"
        aria-labelledby="as-title"
        data-testid="alert-settings"
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <header className="modal-head">
          <h2 id="as-title">Alert thresholds</h2>
          <div className="muted">{nodeLabel(node)} · each alert fires once and clears with some margin</div>
        </header>
        <div className="modal-body">
          {!config && !error && <div className="muted">Loading…</div>}
          {config && (
            <div className="as-grid">
              {FIELDS.map((f, i) => (
                <label key={f.key} className="as-row">
                  <span>{f.label}</span>
                  <input
                    ref={i === 0 ? first : undefined}
                    type="number"
                    inputMode="decimal"
                    step={f.step}
                    min={0}
                    name={f.key}
                    value={text[f.key] ?? ''}
                    onChange={(e) => {
                      setText({ ...text, [f.key]: e.target.value });
                      setError(null);
                    }}
                  />
                  <span className="muted">{f.unit}</span>
                </label>
              ))}
              <div className="as-note muted">Held bytes alert at the smaller of the share and the cap: 5% of a 20 GiB root is 1 GiB, of a 20 TiB spool the cap.</div>
              <label className="as-row as-check">
                <input type="checkbox" name="notify" checked={config.notify} onChange={(e) => setConfig({ ...config, notify: e.target.checked })} />
                <span>Desktop notifications (in the desktop app; the banner shows alerts everywhere)</span>
              </label>
            </div>
          )}
          {error && (
            <div className="error" role="alert">
              {error}
            </div>
          )}
        </div>
        <footer className="modal-foot">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!config || saving} data-testid="alert-settings-save">
            Save
          </button>
        </footer>
      </form>
    </div>
  );
}

export function AlertSettings(): ReactElement {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="link as-open" data-testid="alert-settings-open" onClick={() => setOpen(true)}>
        Alert thresholds…
      </button>
      {open && <Dialog onClose={() => setOpen(false)} />}
    </>
  );
}
