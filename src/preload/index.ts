// The only bridge between the sandboxed page and the main process: window.api with invoke and subscribe,
// nothing else. The page never sees ipcRenderer, an IpcRendererEvent (whose `sender` is ipcRenderer), or
// a channel name it could choose: every call goes down one invoke channel and is checked in main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_NCDU_EXPORT_CHANNEL,
  IPC_NCDU_IMPORT_CHANNEL,
  IPC_NCDU_PROGRESS_CHANNEL,
  type NcduProgress,
  type SpoolscopeApi,
} from '../shared/api';
import type { RpcResult } from '../shared/rpcResult';

/** Invokes a transfer channel with its progress forwarded to `onProgress` until it answers; errors are values. */
async function transfer<T>(kind: NcduProgress['transfer'], onProgress: (bytes: number) => void, channel: string, ...args: unknown[]): Promise<RpcResult<T>> {
  const onEvent = (_ipcEvent: IpcRendererEvent, p: NcduProgress) => {
    if (p?.transfer === kind) onProgress(p.bytes);
  };
  ipcRenderer.on(IPC_NCDU_PROGRESS_CHANNEL, onEvent);
  try {
    return await ipcRenderer.invoke(channel, ...args);
  } catch (err) {
    return { ok: false, code: 'internal', message: `IPC failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    ipcRenderer.removeListener(IPC_NCDU_PROGRESS_CHANNEL, onEvent);
  }
}

const api: SpoolscopeApi = {
  async invoke(method, request) {
    try {
      return await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, request);
    } catch (err) {
      // The main side answers with values; a rejection means the channel itself broke (main shutting down).
      const failed: RpcResult<never> = { ok: false, code: 'internal', message: `IPC failed: ${err instanceof Error ? err.message : String(err)}` };
      return failed;
    }
  },
  subscribe(event, listener) {
    // One IPC listener per subscription, wrapped so the page gets the payload only.
    const onEvent = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, onEvent);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, onEvent);
    };
  },
  // The page names a node and a root, or nothing: the file is chosen in main's dialog and read there.
  ncdu: {
    exportRoot: (node, root, onProgress) => transfer('export', onProgress, IPC_NCDU_EXPORT_CHANNEL, node, root),
    openExport: (onProgress) => transfer('import', onProgress, IPC_NCDU_IMPORT_CHANNEL),
  },
};

contextBridge.exposeInMainWorld('api', api);
