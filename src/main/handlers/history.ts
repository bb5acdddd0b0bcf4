// scan.history.* and scan.diff: the stored scans of a root and what changed between two of them.
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';
import type { ScanSnapshots } from '../services/scan/scanSnapshots';
import { diffStoredScans, listStoredScans } from '../services/history/scanDiffs';
import { RpcError } from '../../shared/rpcResult';
import { importNcduFile, type ImportDeps } from '../services/history/ncduImports';
import type { ScanChanges } from '../services/history/scanChanges';

export interface HistoryHandlerDeps {
  store: Pick<StateStore, 'scanHistory'>;
  snapshots: ScanSnapshots;
  imports: ImportDeps;
  changes: ScanChanges;
}

export function historyHandlers({ store, snapshots, imports, changes }: HistoryHandlerDeps): Pick<Handlers, 'scan.history.list' | 'scan.diff' | 'scan.importNcdu' | 'scan.changes'> {
  return {
    'scan.changes': (req) => changes.changes(req),
    'scan.importNcdu': async ({ file, label }, ctx) => {
      // A path names a file on the machine the backend runs on: only the CLI's operator is at that machine.
      if (ctx.frontDoor !== 'cli') throw new RpcError('bad_request', 'scan.importNcdu reads a file by path, for the CLI only: the window uploads the export instead');
      return importNcduFile(imports, file, label);
    },
    'scan.history.list': ({ node, root, limit }) => ({ scans: listStoredScans(store, node, root, limit) }),
    'scan.diff': async ({ node, root, at, jobId, toId }) => {
      if (jobId !== undefined && toId !== undefined) throw new RpcError('bad_request', 'give jobId or toId, not both');
      let to = toId;
      if (jobId !== undefined) {
        await snapshots.settled(jobId);
        const stored = snapshots.storedScanId(jobId);
        if (stored === null) throw new RpcError('io_error', `scan ${jobId} did not complete, or could not be kept in the state store: nothing to compare`);
        to = stored;
      }
      return diffStoredScans(store, { node, root, at, toId: to });
    },
  };
}
