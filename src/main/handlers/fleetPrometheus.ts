// fleet.prometheus.*: the fleet's Prometheus source (saved or one-shot) and its ranked rows, a page at a time.
import type { Handlers } from '../rpc/dispatcher';
import type { PrometheusFleetSource } from '../services/fleet/prometheusFleetSource';

export function fleetPrometheusHandlers(source: PrometheusFleetSource): Pick<Handlers, 'fleet.prometheus.get' | 'fleet.prometheus.set' | 'fleet.prometheus.rows'> {
  return {
    'fleet.prometheus.get': () => ({ source: source.get() }),
    'fleet.prometheus.set': ({ source: s }) => ({ source: source.set(s) }),
    'fleet.prometheus.rows': async ({ source: oneShot, refresh, offset, limit }) => {
      const r = await source.rows(oneShot, refresh);
      return { url: r.url, error: r.error, readAt: r.readAt, total: r.rows.length, offset, rows: r.rows.slice(offset, offset + limit) };
    },
  };
}
