// What the renderer sees as window.api, whichever front door carries it.
import type { EventName, EventOf, MethodName, RequestOf, ResponseOf } from './contract';
import type { RpcResult } from './rpcResult';

export interface SpoolscopeApi {
  invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<RpcResult<ResponseOf<M>>>;
  /** Returns an unsubscribe function. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  /** ncdu exports through the main process's dialogs (Electron only). */
  ncdu?: NcduTransferApi;
}

/** IPC channel names: one for calls, one for pushed events. */
export const IPC_INVOKE_CHANNEL = 'spoolscope:invoke';
export const IPC_EVENT_CHANNEL = 'spoolscope:event';

/**
 * ncdu exports in Electron's window (issue 19), which has no HTTP server to stream them through: the main
 * process asks for the path in its own save/open dialog and reads or writes the file itself, so the page never
 * sends or receives a file's contents; it asks, and hears the bytes done so far and the result.
 */
export const IPC_NCDU_EXPORT_CHANNEL = 'spoolscope:ncdu-export';
export const IPC_NCDU_IMPORT_CHANNEL = 'spoolscope:ncdu-import';
export const IPC_NCDU_PROGRESS_CHANNEL = 'spoolscope:ncdu-progress';

/** Bytes written (an export) or read from the file (an import) so far. */
export interface NcduProgress {
  transfer: 'export' | 'import';
  bytes: number;
}

export interface NcduExported {
  /** Where it was saved (the dialog's choice). */
  path: string;
  bytes: number;
  partial: boolean;
}

export interface NcduOpened {
  /** The file's base name, as the window shows it. */
  file: string;
  jobId: string;
  label: string;
  root: string;
  storedScanId: number | null;
}

/** Present on window.api in Electron only; null results: the dialog was cancelled. */
export interface NcduTransferApi {
  exportRoot(node: string, root: string, onProgress: (bytes: number) => void): Promise<RpcResult<NcduExported | null>>;
  openExport(onProgress: (bytes: number) => void): Promise<RpcResult<NcduOpened | null>>;
}
