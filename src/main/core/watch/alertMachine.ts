// Alerts that fire once per episode and clear with hysteresis. An episode starts when a value crosses its
// warn (or critical) threshold and ends only when it is back past a clear threshold on the safe side, so a
// value hovering around 90% gives one alert, not one per sample. Escalating from warn to critical within
// an episode fires once more; falling back from critical to warn fires nothing.

export type Severity = 'ok' | 'warn' | 'critical';

export interface ThresholdRule {
  /** 'above': bigger is worse (fill ratio, held bytes); 'below': smaller is worse (seconds to full). */
  direction: 'above' | 'below';
  warn: number;
  critical: number;
  /** Back to warn from critical only past this; back to ok (the episode ends) only past clearWarn. */
  clearCritical: number;
  clearWarn: number;
}

/** Builds a rule with clear thresholds a fixed margin (above) or a factor (below) on the safe side. */
export function aboveRule(warn: number, critical: number, margin: number): ThresholdRule {
  return { direction: 'above', warn, critical, clearWarn: warn - margin, clearCritical: critical - margin };
}
export function belowRule(warn: number, critical: number, factor: number): ThresholdRule {
  return { direction: 'below', warn, critical, clearWarn: warn * factor, clearCritical: critical * factor };
}

export interface AlertTransition {
  key: string;
  kind: 'fire' | 'clear';
  /** For 'fire': the severity reached; for 'clear': the worst of the episode that ended. */
  severity: Exclude<Severity, 'ok'>;
  value: number | null;
}

interface KeyState {
  level: Severity;
  /** Worst severity already announced in this episode. */
  announced: Severity;
}

const RANK: Record<Severity, number> = { ok: 0, warn: 1, critical: 2 };

/** True when `value` is at or past `threshold` on the bad side. */
function past(rule: ThresholdRule, value: number, threshold: number): boolean {
  return rule.direction === 'above' ? value >= threshold : value <= threshold;
}
/** True when `value` is beyond `threshold` on the safe side. */
function safe(rule: ThresholdRule, value: number, threshold: number): boolean {
  return rule.direction === 'above' ? value < threshold : value > threshold;
}

/** The next level of one key. A null value (no prediction, no data) counts as fully safe. */
export function nextLevel(rule: ThresholdRule, level: Severity, value: number | null): Severity {
  // No value (no prediction: nothing is filling) is the safest there is; NaN is a broken reading: keep the level.
  if (value === null) return 'ok';
  if (Number.isNaN(value)) return level;
  if (past(rule, value, rule.critical)) return 'critical';
  if (level === 'critical' && !safe(rule, value, rule.clearCritical)) return 'critical';
  if (past(rule, value, rule.warn)) return 'warn';
  if (level !== 'ok' && !safe(rule, value, rule.clearWarn)) return 'warn';
  return 'ok';
}

export class AlertMachine {
  private readonly states = new Map<string, KeyState>();
  /** Keys not tracked because the machine was full (the policy: new keys are ignored and counted). */
  dropped = 0;

  constructor(private readonly maxKeys = 10_000) {}

  /** Feeds one value for `key`; returns what to announce (nothing, most of the time). */
  update(key: string, rule: ThresholdRule, value: number | null): AlertTransition[] {
    let s = this.states.get(key);
    if (!s) {
      if (this.states.size >= this.maxKeys) {
        this.dropped++;
        return [];
      }
      s = { level: 'ok', announced: 'ok' };
    }
    const level = nextLevel(rule, s.level, value);
    const out: AlertTransition[] = [];
    if (level === 'ok') {
      if (s.announced !== 'ok') out.push({ key, kind: 'clear', severity: s.announced, value });
      // Nothing to remember for a key at rest: the map holds only open episodes.
      this.states.delete(key);
      return out;
    }
    let announced = s.announced;
    if (RANK[level] > RANK[announced]) {
      out.push({ key, kind: 'fire', severity: level, value });
      announced = level;
    }
    this.states.set(key, { level, announced });
    return out;
  }

  level(key: string): Severity {
    return this.states.get(key)?.level ?? 'ok';
  }

  /** Open episodes: key and current level. */
  active(): { key: string; level: Severity }[] {
    return [...this.states].map(([key, s]) => ({ key, level: s.level }));
  }

  /** Ends the episodes of keys not in `keep` without announcing (a watch that stopped). */
  retain(keep: (key: string) => boolean): void {
    for (const k of this.states.keys()) if (!keep(k)) this.states.delete(k);
  }
}
