// Where a filesystem's fill becomes a warning and a critical: one rule for df records, the fleet's risk
// order and every bar the renderer colours, so the screen and the CLI never disagree on a level.
import type { Filesystem } from './models';

export const FILL_WARN = 0.7;
export const FILL_CRITICAL = 0.9;

export function fillLevel(ratio: number): Filesystem['level'] {
  if (ratio >= FILL_CRITICAL) return 'critical';
  if (ratio >= FILL_WARN) return 'warn';
  return 'ok';
}
