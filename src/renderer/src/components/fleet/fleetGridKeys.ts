// The keys of a fleet table (the SSH nodes' and the Prometheus instances'): one model for both, so a key that
// moves the selection in one moves it the same way in the other.
import type { KeyboardEvent } from 'react';

/** Rows a PageUp or PageDown moves. */
export const FLEET_PAGE_ROWS = 10;

export interface FleetGridNav {
  move(delta: number): void;
  moveTo(where: 'first' | 'last'): void;
}

/** Handles the grid's keys on `nav` (read at the key press) and Enter with `open`; other keys pass through. */
export function onFleetGridKey(e: KeyboardEvent<HTMLElement>, nav: FleetGridNav, open: () => void): void {
  const moves: Record<string, () => void> = {
    ArrowDown: () => nav.move(1),
    ArrowUp: () => nav.move(-1),
    PageDown: () => nav.move(FLEET_PAGE_ROWS),
    PageUp: () => nav.move(-FLEET_PAGE_ROWS),
    Home: () => nav.moveTo('first'),
    End: () => nav.moveTo('last'),
    Enter: open,
  };
  const act = moves[e.key];
  if (!act) return;
  e.preventDefault();
  act();
}
