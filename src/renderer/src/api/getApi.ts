// The one place that decides which front door carries window.api: Electron's preload, or the browser bridge.
import type { SpoolscopeApi } from '../../../shared/api';
import { TOKEN_PARAM, WS_PATH } from '../../../shared/wsProtocol';
import { bridgeUrlFromLocation, createWsApi, type WsApi } from './wsApi';

declare global {
  interface Window {
    api?: SpoolscopeApi;
  }
}

export interface ApiHandle {
  api: SpoolscopeApi;
  /** Set in a browser: the socket's status for the header. */
  bridge: WsApi | null;
}

let handle: ApiHandle | null = null;

export class MissingApiError extends Error {}

export function getApi(): ApiHandle {
  if (handle) return handle;
  if (window.api) {
    handle = { api: window.api, bridge: null };
    return handle;
  }
  const url = bridgeUrlFromLocation(window.location, WS_PATH, TOKEN_PARAM);
  if (!url) {
    throw new MissingApiError('No backend: open the full URL printed by `npm run serve`, including ?token=.');
  }
  const bridge = createWsApi(url);
  handle = { api: bridge, bridge };
  return handle;
}
