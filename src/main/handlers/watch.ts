// watch.* and alerts.*: live growth of a root, its history, and the node's alert thresholds.
import type { Handlers } from '../rpc/dispatcher';
import type { Watching } from '../services/watch/watching';

const RANGE_MS = { day: 24 * 3600_000, week: 7 * 24 * 3600_000 } as const;

export type WatchMethods = 'watch.start' | 'watch.stop' | 'watch.snapshot' | 'watch.history' | 'alerts.active' | 'alerts.config.get' | 'alerts.config.set';

export function watchHandlers({ service, history, settings }: Pick<Watching, 'service' | 'history' | 'settings'>): Pick<Handlers, WatchMethods> {
  return {
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
  };
}
