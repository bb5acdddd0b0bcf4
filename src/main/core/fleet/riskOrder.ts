// The order of a fleet read from Prometheus: a disk full in minutes outranks a stable 93%. Class first
// (critical, warning, ok), within a class the sooner full first, then the fuller; rows with no forecast
// (SSH rows, too little history) come after the forecast ones of their class, by fill alone.
import type { RankedFleetRow, RiskClass } from '../../../shared/prometheusModels';

export const CRITICAL_SECONDS = 2 * 3600;
export const CRITICAL_FILL = 0.9;
export const WARNING_SECONDS = 8 * 3600;
export const WARNING_FILL = 0.7;

const CLASS_RANK: Record<RiskClass, number> = { critical: 2, warning: 1, ok: 0 };

/**
 * `blind`: an instance whose disks cannot be seen (down, stale, an unreachable SSH node) is at least a
 * warning: it may be filling, and only the operator can restore the view.
 */
export function riskClass(fillRatio: number | null, secondsToFull: number | null, blind = false): RiskClass {
  if ((secondsToFull !== null && secondsToFull < CRITICAL_SECONDS) || (fillRatio !== null && fillRatio >= CRITICAL_FILL)) return 'critical';
  if ((secondsToFull !== null && secondsToFull < WARNING_SECONDS) || (fillRatio !== null && fillRatio >= WARNING_FILL) || blind) return 'warning';
  return 'ok';
}

/** The longest time to full the score tells apart (beyond it, a year reads like never). */
const TTF_SCALE = Math.log1p((365 * 86400) / 60);

/**
 * Higher is worse, consistent with compareRisk: class × 10⁶, then a rank of the time to full (1..999, log
 * scale, 0 with no forecast) × 10³, then fill in 0.1% steps. For display and merging; the order itself is
 * compareRisk's.
 */
export function riskScore(cls: RiskClass, secondsToFull: number | null, fillRatio: number | null): number {
  const ttfRank = secondsToFull === null ? 0 : 999 - Math.floor(998 * Math.min(1, Math.log1p(Math.max(0, secondsToFull) / 60) / TTF_SCALE));
  const fill = fillRatio === null ? 0 : Math.floor(Math.min(Math.max(fillRatio, 0), 1) * 1000);
  return CLASS_RANK[cls] * 1e6 + ttfRank * 1e3 + fill;
}

type Ranked = Pick<RankedFleetRow, 'name' | 'riskClass' | 'secondsToFull' | 'worstFillRatio'>;

/** Negative when `a` is worse (comes first). Equal rows by name, so the order holds between refreshes. */
export function compareRisk(a: Ranked, b: Ranked): number {
  const byClass = CLASS_RANK[b.riskClass] - CLASS_RANK[a.riskClass];
  if (byClass !== 0) return byClass;
  if (a.secondsToFull !== b.secondsToFull) {
    if (a.secondsToFull === null) return 1;
    if (b.secondsToFull === null) return -1;
    return a.secondsToFull - b.secondsToFull;
  }
  const fa = a.worstFillRatio ?? -1;
  const fb = b.worstFillRatio ?? -1;
  if (fa !== fb) return fb - fa;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function sortByRisk<T extends Ranked>(rows: readonly T[]): T[] {
  return [...rows].sort(compareRisk);
}
