// The store-risk note in a fleet row (see storeRiskNote.ts): nothing for a node whose stores are unknown.
import type { ReactElement } from 'react';
import { useDataStoresStore } from '../../state/dataStoresStore';
import { storeRiskNote } from './storeRiskNote';
import './dataStores.css';

export function FleetStoreNote({ node }: { node: string }): ReactElement | null {
  const listed = useDataStoresStore((s) => s.byNode[node]);
  const planned = useDataStoresStore((s) => s.plannedByNode[node]);
  const note = storeRiskNote(listed, planned);
  if (!note) return null;
  return (
    // The directory's end tells stores apart: a narrow column cuts its start.
    <span className="ds-fleet-note" data-testid="fleet-store-note" data-count={note.count} title={note.detail} data-text={note.text}>
      <span className="ds-fleet-lead">{note.lead}</span>
      <span className="ds-fleet-path mono tail-ellipsis">
        <bdi>{note.path}</bdi>
      </span>
      {note.tail && <span className="ds-fleet-lead">{note.tail}</span>}
    </span>
  );
}
