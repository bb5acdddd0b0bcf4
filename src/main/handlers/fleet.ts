// fleet.*: the table of every node, worst first, and refreshing it.
import type { Handlers } from '../rpc/dispatcher';
import type { FleetRefresher } from '../services/fleet/fleetRefresher';

export function fleetHandlers(fleet: FleetRefresher): Pick<Handlers, 'fleet.rows' | 'fleet.refresh'> {
  return {
    'fleet.rows': () => ({ rows: fleet.rows() }),
    'fleet.refresh': ({ names }) => ({ started: fleet.refresh(names) }),
  };
}
