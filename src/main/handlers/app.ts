// app.info: what the window shows about the backend it talks to.
import { hostname } from 'node:os';
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';
import { appVersion } from '../appVersion';

export interface AppHandlerDeps {
  frontDoor: 'ipc' | 'websocket' | 'cli';
  dataDir: string;
  store: Pick<StateStore, 'temporaryNotice'>;
}

export function appHandlers({ frontDoor, dataDir, store }: AppHandlerDeps): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({ version: appVersion(), frontDoor, dataDir, hostname: hostname(), storeNotice: store.temporaryNotice }),
  };
}
