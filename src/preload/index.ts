// The only bridge between the sandboxed page and the main process: window.api with invoke and subscribe,
// nothing else. The page never sees ipcRenderer, an IpcRendererEvent (whose `sender` is ipcRenderer), or
// a channel name it could choose: every call goes down one invoke channel and is checked in main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type SpoolscopeApi } from '../shared/api';
import type { RpcResult } from '../shared/rpcResult';

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
};

contextBridge.exposeInMainWorld('api', api);
