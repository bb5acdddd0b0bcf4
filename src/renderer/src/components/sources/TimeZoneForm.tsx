// Where a root's days begin and end, when the node's own time zone is not the store's (a store written in
// UTC on a node set to local time): saved for the root (sources.timeZone.set) and used for every partition
// under it; the analysis runs again at once. Empty goes back to the node's zone.
import { useState, type FormEvent, type ReactElement } from 'react';
import { getApi } from '../../api/getApi';
import { currentNode } from '../../state/navStore';
import { useSourcesStore } from '../../state/sourcesStore';

export function TimeZoneForm({ root, path, current, onDone }: { root: string; path: string; current: string; onDone(): void }): ReactElement {
  const [zone, setZone] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await getApi().api.invoke('sources.timeZone.set', { node: currentNode(), root, timeZone: zone.trim() === '' ? null : zone.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.message);
    onDone();
    void useSourcesStore.getState().open(path);
  };
  return (
    <form className="inset-form src-zone" data-testid="sources-zone-form" onSubmit={(e) => void submit(e)}>
      <label>
        <span>
          Time zone of the days under <span className="mono">{root}</span>
        </span>
        <input type="text" value={zone} placeholder="the node's own (e.g. Europe/Berlin, +02:00)" spellCheck={false} onChange={(e) => setZone(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Save and attribute again
      </button>
      {error && <div className="error">{error}</div>}
    </form>
  );
}
