// The IPC front door: one invoke channel carrying (method, request) into the shared dispatcher, which
// validates every argument against the contract, and one event channel pushing EventHub snapshots to
// the window. Refusals are values ({ok:false, code, message}), never thrown: the preload would otherwise
// see Electron's wrapped "Error invoking remote method" text instead of a code the UI can act on.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/api';
import type { RpcResult } from '../../shared/rpcResult';
import type { Dispatcher } from '../rpc/dispatcher';
import type { EventHub } from '../rpc/eventHub';
import { isAppUrl } from './windowSecurity';

/** The parts of an invoke event the sender check reads (a test can build one by hand). */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

export type IsTrustedSender = (event: InvokeEventLike) => boolean;
export type IpcInvokeHandler = (event: InvokeEventLike, method: unknown, request: unknown) => Promise<RpcResult<unknown>>;

/**
 * Trusted means: sent by our window's web contents, from its top frame (not an iframe), while that frame
 * shows our own index.html. Anything else (a frame that navigated away, a devtools page, another window)
 * is refused before the request is even parsed.
 */
export function createTrustedSenderCheck(getWebContents: () => WebContents | null | undefined, appUrl: string): IsTrustedSender {
  return (event) => {
    const ours = getWebContents();
    if (!ours || event.sender !== ours) return false;
    let frame: InvokeEventLike['senderFrame'];
    try {
      // senderFrame is a getter that can throw once the frame is gone.
      frame = event.senderFrame;
    } catch {
      return false;
    }
    return frame !== null && frame.parent === null && isAppUrl(frame.url, appUrl);
  };
}

export function createIpcInvokeHandler(dispatcher: Dispatcher, isTrustedSender: IsTrustedSender): IpcInvokeHandler {
  return async (event, method, request) => {
    if (!isTrustedSender(event)) {
      return { ok: false, code: 'forbidden', message: 'IPC call refused: it did not come from the Spoolscope window' };
    }
    try {
      // The dispatcher does the schema check: unknown methods and bad arguments come back as values.
      return await dispatcher.call(method, request, { frontDoor: 'ipc' });
    } catch (err) {
      return { ok: false, code: 'internal', message: `IPC call failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  };
}

/**
 * Registers the invoke handler and forwards every hub event to the window. Returns a function that undoes
 * both (call it before the backend closes, so no event is sent to a destroyed window).
 */
export function registerIpcHost(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatcher: Dispatcher,
  events: EventHub,
  isTrustedSender: IsTrustedSender,
  getWebContents: () => WebContents | null | undefined,
): () => void {
  const handler = createIpcInvokeHandler(dispatcher, isTrustedSender);
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, request: unknown) => handler(event, method, request));
  const unlisten = events.listen((name, payload) => {
    const target = getWebContents();
    if (target && !target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    unlisten();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
