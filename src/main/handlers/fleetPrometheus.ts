// fleet.prometheus.*: the fleet's Prometheus source (saved or one-shot) and its ranked rows, a page at a time.
import type { Handlers } from '../rpc/dispatcher';
import { RpcError } from '../../shared/rpcResult';
import type { PrometheusFleetSource } from '../services/fleet/prometheusFleetSource';

export function fleetPrometheusHandlers(source: PrometheusFleetSource): Pick<Handlers, 'fleet.prometheus.get' | 'fleet.prometheus.set' | 'fleet.prometheus.rows'> {
  return {
    'fleet.prometheus.get': () => ({ source: source.get() }),
    'fleet.prometheus.set': ({ source: s }) => ({ source: source.set(s) }),
    'fleet.prometheus.rows': async ({ source: oneShot, refresh, offset, limit }, ctx) => {
      // A one-shot source names secret files to read and a URL to send them to, unseen by anyone: the CLI's
      // operator types both; the window saves a source through its dialog first.
      if (oneShot && ctx.frontDoor !== 'cli') throw new RpcError('bad_request', 'a one-shot Prometheus source is for the CLI only: the window saves its source (fleet.prometheus.set)');
      const r = await source.rows(oneShot, refresh);
      return { url: r.url, error: r.error, readAt: r.readAt, total: r.rows.length, offset, rows: r.rows.slice(offset, offset + limit) };
    },
  };
}
