// The live watch's part of the composition root: its store connection, settings, service and handlers,
// so backend.ts only spreads them in.
import type { EventHub } from './rpc/eventHub';
import type { Handlers } from './rpc/dispatcher';
import type { Transport } from './transport/transport';
import type { StateStore } from './store/stateStore';
import type { HeldReport } from '../shared/heldModels';
import { openWatchDb } from './store/watchDb';
import { openSampleHistory, type SampleHistory } from './store/sampleHistory';
import { createAlertSettings } from './store/alertSettings';
import { WatchService, type WatchServiceOptions } from './services/watch/watchService';

export type WatchMethods = 'watch.start' | 'watch.stop' | 'watch.snapshot' | 'watch.history' | 'alerts.active' | 'alerts.config.get' | 'alerts.config.set';

export interface Watching {
  service: WatchService;
  history: SampleHistory;
  handlers: Pick<Handlers, WatchMethods>;
  close(): Promise<void>;
}

const RANGE_MS = { day: 24 * 3600_000, week: 7 * 24 * 3600_000 } as const;

export interface WatchingOptions {
  store: StateStore;
  nativeBinding?: string;
  events: EventHub;
  transportFor: (node: string) => Transport;
  heldScan?: (node: string) => Promise<HeldReport>;
  /** Tests shorten intervals and windows. */
  service?: Partial<WatchServiceOptions>;
}

export function createWatching(opts: WatchingOptions): Watching {
  const db = openWatchDb(opts.store.path, opts.nativeBinding);
  const history = openSampleHistory({ db });
  const settings = createAlertSettings(db);
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
    handlers: {
      'watch.start': ({ node, root, intervalMs }) => ({ watchId: service.start(node, root, intervalMs) }),
      'watch.stop': async ({ watchId }) => ({ stopped: await service.stop(watchId) }),
      'watch.snapshot': ({ watchId }) => service.snapshot(watchId),
      'watch.history': ({ node, mount, root, range, maxPoints, maxSeries }) => {
        const from = Date.now() - RANGE_MS[range];
        const series = [
          ...(mount ? history.series(node, 'fs', mount, from, maxPoints, 1) : []),
          ...(root ? history.series(node, 'part', root, from, maxPoints, maxSeries) : []),
        ];
        return { series };
      },
      'alerts.active': () => ({ alerts: service.activeAlerts() }),
      'alerts.config.get': ({ node }) => settings.get(node),
      'alerts.config.set': ({ node, config }) => settings.set(node, config),
    },
    async close() {
      clearInterval(expiry);
      await service.close();
      db.close();
    },
  };
}
