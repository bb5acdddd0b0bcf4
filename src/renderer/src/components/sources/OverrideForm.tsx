// When a SQLite store's log columns could not be told from their names: name them for this root. Saved
// (sources.override.set) and used for every partition under the root; the analysis runs again at once.
import { useState, type FormEvent, type ReactElement } from 'react';
import { getApi } from '../../api/getApi';
import { currentNode } from '../../state/navStore';
import { useSourcesStore } from '../../state/sourcesStore';

export function OverrideForm({ root, path }: { root: string; path: string }): ReactElement {
  const [table, setTable] = useState('');
  const [source, setSource] = useState('');
  const [time, setTime] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (source.trim() === '') return setError('Name at least the column that holds the source.');
    setBusy(true);
    setError(null);
    const r = await getApi().api.invoke('sources.override.set', {
      node: currentNode(),
      root,
      override: { table: opt(table), source: source.trim(), time: opt(time), message: opt(message) },
    });
    setBusy(false);
    if (!r.ok) return setError(r.message);
    void useSourcesStore.getState().open(path);
  };
  const field = (label: string, value: string, set: (v: string) => void, placeholder: string) => (
    <label>
      <span>{label}</span>
      <input type="text" value={value} placeholder={placeholder} spellCheck={false} onChange={(e) => set(e.target.value)} />
    </label>
  );
  return (
    <form className="inset-form src-override" data-testid="sources-override" onSubmit={(e) => void submit(e)}>
      <div className="src-override-title">
        Name the log table&apos;s columns for <span className="mono">{root}</span>
      </div>
      {field('Table', table, setTable, 'any with that column')}
      {field('Source column', source, setSource, 'e.g. who')}
      {field('Time column', time, setTime, 'optional')}
      {field('Message column', message, setMessage, 'optional')}
      <button type="submit" className="primary" disabled={busy}>
        Save and attribute again
      </button>
      {error && <div className="error">{error}</div>}
    </form>
  );
}
