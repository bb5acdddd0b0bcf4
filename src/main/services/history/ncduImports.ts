// An ncdu export becomes a scan of its own: a finished scan job (summary, treemap) under its label instead of
// a node, and a stored scan in the history under that label (diffs between imports of the same label). No
// action runs on it: the node was not scanned live, and an export does not even name its host.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { IMPORT_ACTIONS_DISABLED, IMPORT_LABEL_PREFIX } from '../../../shared/nodeNames';
import { RpcError } from '../../../shared/rpcResult';
import { displayName } from '../../core/common/displayName';
import { historyEntriesOf } from '../../core/history/historyEntries';
import type { StateStore } from '../../store/stateStore';
import type { ScanJobs } from '../scan/scanJobs';
import { NcduImportError, readNcduExport } from './ncduImport';
import { recordScanHistory } from './scanHistoryRecorder';

export interface ImportDeps {
  scans: ScanJobs;
  store: Pick<StateStore, 'scanHistory'>;
  onError: (message: string) => void;
  /** Told the stored scan an import made, so its job compares like a live one's (ScanSnapshots.remember). */
  onStored?: (jobId: string, storedScanId: number) => void;
  now?: () => number;
}

export interface ImportResult {
  jobId: string;
  label: string;
  root: string;
  /** null when the state store could not keep it (said through onError). */
  storedScanId: number | null;
}

/** `import:<label>`: the prefix added when not given, so an import never shares a name with a live node. */
export function importLabel(label: string | undefined, fileName: string): string {
  const raw = (label ?? fileName).trim();
  if (raw === '' || /[\0\n\r]/.test(raw) || raw.length > 190) throw new RpcError('bad_request', `a label is 1 to 190 characters on one line, got ${JSON.stringify(raw).slice(0, 60)}`);
  return raw.startsWith(IMPORT_LABEL_PREFIX) ? raw : `${IMPORT_LABEL_PREFIX}${raw}`;
}

export async function importNcdu(deps: ImportDeps, source: AsyncIterable<Buffer>, fileName: string, label?: string): Promise<ImportResult> {
  const name = basename(fileName);
  const node = importLabel(label, name);
  const read = await readNcduExport(source).catch((err: unknown) => {
    // The file's own fault (not an export, cut short, too large): the caller's request, not our failure.
    throw err instanceof NcduImportError ? new RpcError('bad_request', err.message) : err;
  });
  const root = displayName(read.rootPath);
  const errors: string[] = [];
  if (read.stats.readErrors > 0) errors.push(`ncdu could not read ${read.stats.readErrors} entries`);
  if (read.stats.excluded > 0) errors.push(`${read.stats.excluded} entries were excluded by ncdu (another filesystem, a pattern, a kernel filesystem) and are not counted`);
  const partial = read.stats.readErrors > 0;
  const exportedAt = read.metadata?.timestamp != null ? read.metadata.timestamp * 1000 : null;
  const jobId = deps.scans.adopt(node, root, read.tree, { partial, errors, imported: { label: node, file: name, exportedAt, actionsDisabled: IMPORT_ACTIONS_DISABLED } });
  let storedScanId: number | null = null;
  try {
    const summary = deps.scans.summary(jobId);
    storedScanId = recordScanHistory(deps.store, node, summary, historyEntriesOf(read.tree), exportedAt ?? (deps.now ?? Date.now)(), name);
    deps.onStored?.(jobId, storedScanId);
  } catch (err) {
    deps.onError(`could not keep the import of ${name} in the state store: ${(err as Error).message}`);
  }
  return { jobId, label: node, root, storedScanId };
}

/** An export on this machine, by path (the CLI). */
export async function importNcduFile(deps: ImportDeps, file: string, label?: string): Promise<ImportResult> {
  let handle;
  try {
    handle = await open(file, 'r');
    if ((await handle.stat()).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (err) {
    await handle?.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RpcError('not_found', `${file} does not exist`);
    if (code === 'EISDIR') throw new RpcError('bad_request', `${file} is a directory, not an ncdu export`);
    if (code === 'EACCES') throw new RpcError('io_error', `${file} is not readable by this user`);
    throw new RpcError('io_error', `cannot open ${file}: ${(err as Error).message}`);
  }
  const stream = handle.createReadStream({ highWaterMark: 256 * 1024 });
  try {
    return await importNcdu(deps, stream, file, label);
  } finally {
    stream.destroy();
    await handle.close().catch(() => undefined);
  }
}
