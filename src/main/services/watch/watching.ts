// The live watch as one piece: its own connection to the state store (its minute writes never wait behind
// a scan snapshot), its history and alert settings, the service, and the hourly expiry of old history.
import type { EventHub } from '../../rpc/eventHub';
import type { Transport } from '../../transport/transport';
import type { StateStore } from '../../store/stateStore';
import type { HeldReport } from '../../../shared/heldModels';
import type { WatchSampleRepository } from '../../store/repositories/watchSamples';
import type { AlertConfigRepository } from '../../store/repositories/alertConfig';
import { WatchService, type WatchServiceOptions } from './watchService';

export interface Watching {
  service: WatchService;
  history: WatchSampleRepository;
  settings: AlertConfigRepository;
  close(): Promise<void>;
}

export interface WatchingOptions {
  store: Pick<StateStore, 'openWatchConnection'>;
  events: EventHub;
  transportFor: (node: string) => Transport;
  heldScan?: (node: string) => Promise<HeldReport>;
  /** Tests shorten intervals and windows. */
  service?: Partial<WatchServiceOptions>;
}

/**
 * A repository that is reached through the connection only when first used: a CLI command that never
 * watches (a scan, a plan) does not open, migrate-check and close a second SQLite connection.
 */
function onFirstUse<T extends object>(get: () => T): T {
  return new Proxy({} as T, {
    get(_stub, prop) {
      const target = get();
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function createWatching(opts: WatchingOptions): Watching {
  let connection: ReturnType<WatchingOptions['store']['openWatchConnection']> | null = null;
  let closed = false;
  const open = () => {
    if (closed) throw new Error('the watch is closed');
    return (connection ??= opts.store.openWatchConnection());
  };
  const history = onFirstUse(() => open().samples);
  const settings = onFirstUse(() => open().alertConfig);
  const heldScan = opts.heldScan;
  const service = new WatchService({
    transportFor: opts.transportFor,
    emitSnapshot: (s) => opts.events.emit('watch.snapshot', s),
    emitAlert: (e) => opts.events.emit('alerts.event', e),
    alertSettings: settings,
    history,
    heldBytes: heldScan ? async (node) => new Map((await heldScan(node)).filesystems.map((f) => [f.mount, f.heldBytes])) : undefined,
    onError: (m) => console.error(`spoolscope: ${m}`),
    ...opts.service,
  });
  // Expired rows go once an hour even when nothing is written (a watch that stopped long ago).
  const expiry = setInterval(() => {
    try {
      history.enforce();
    } catch {
      // a busy or full store: the next hour tries again
    }
  }, 3600_000);
  expiry.unref();
  return {
    service,
    history,
    settings,
    async close() {
      clearInterval(expiry);
      await service.close();
      closed = true;
      connection?.close();
    },
  };
}
