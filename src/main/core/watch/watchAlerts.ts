// What a watch alerts on, turned into alert-machine updates: fill ratio and time-to-full per filesystem,
// held bytes per filesystem (against thresholds that scale with its size), and writers whose memory grows
// while their writes do not. Pure: the caller passes the values and the clock, and announces what comes
// back. Every sample rewrites the message of each open alert from the values just measured, so a banner
// reads the fill and the time to full now, not when the alert fired.
import type { AlertConfig, AlertEvent, AlertKind, Severity, WatchAlert } from '../../../shared/watchModels';
import { aboveRule, belowRule, type AlertMachine, type ThresholdRule } from './alertMachine';
import { fullAtRateText } from '../../../shared/durationText';
import { formatBytes } from '../../../shared/formatBytes';
import { fillPercentOfRatio, formatFill } from '../../../shared/fillRatio';

/** Time-to-full must rise past threshold x this to leave a level (8 h warn clears above 10 h). */
const TTF_CLEAR_FACTOR = 1.25;
/** Held and writer-memory alerts clear below this share of their threshold. */
const BYTES_CLEAR_SHARE = 0.8;

export interface AlertInputs {
  node: string;
  filesystems: {
    mount: string;
    sizeBytes: number;
    fillRatio: number;
    secondsToFull: number | null;
    /**
     * Whether a null secondsToFull may clear the time-to-full alert (timeToFull's `settled`): a fit that just
     * restarted after a deletion, or a rate that dropped a few seconds ago, keeps the alert's level.
     */
    settled: boolean;
    fitWindowMs: number;
    heldBytes: number | null;
  }[];
  writers: { pid: number; comm: string; unmatchedRssGrowthBytes: number }[];
  /** Writers that exited since the last call: their episodes end without an announcement. */
  exitedWriterPids: number[];
}

interface Check {
  key: string;
  kind: AlertKind;
  subject: string;
  rule: ThresholdRule;
  value: number | null;
  /** The alert's text from the values now; null when there is no current value to say (keep the last text). */
  message: string | null;
}

/** A byte count clears a level once back under BYTES_CLEAR_SHARE of it. */
function bytesAboveRule(warn: number, critical: number): ThresholdRule {
  return { direction: 'above', warn, critical, clearWarn: warn * BYTES_CLEAR_SHARE, clearCritical: critical * BYTES_CLEAR_SHARE };
}

/** Held-bytes thresholds of a filesystem of `sizeBytes`: the smaller of a share of it and a cap, each level. */
export function heldThresholds(config: AlertConfig, sizeBytes: number): { warn: number; critical: number } {
  const size = Math.max(0, sizeBytes);
  return {
    warn: Math.min(config.heldWarnShare * size, config.heldWarnMaxBytes),
    critical: Math.min(config.heldCriticalShare * size, config.heldCriticalMaxBytes),
  };
}

/** The time to full against the node's thresholds, as the alert judges it: what the card's sentence is tinted by. */
export function timeToFullLevel(config: AlertConfig, secondsToFull: number | null): Severity {
  if (secondsToFull === null) return 'ok';
  if (secondsToFull <= config.timeToFullCriticalSeconds) return 'critical';
  return secondsToFull <= config.timeToFullWarnSeconds ? 'warn' : 'ok';
}

function checksFor(config: AlertConfig, input: AlertInputs): Check[] {
  const checks: Check[] = [];
  const fillRule = aboveRule(config.fillWarn, config.fillCritical, config.fillHysteresis);
  const ttfRule = belowRule(config.timeToFullWarnSeconds, config.timeToFullCriticalSeconds, TTF_CLEAR_FACTOR);
  const rssRule = bytesAboveRule(config.writerRssWarnBytes, config.writerRssCriticalBytes);
  for (const fs of input.filesystems) {
    checks.push({
      key: `${input.node}\0fill\0${fs.mount}`,
      kind: 'fill',
      subject: fs.mount,
      rule: fillRule,
      value: fs.fillRatio,
      message: `${fs.mount} is ${formatFill(fillPercentOfRatio(fs.fillRatio))} full`,
    });
    checks.push({
      key: `${input.node}\0timeToFull\0${fs.mount}`,
      kind: 'timeToFull',
      subject: fs.mount,
      rule: ttfRule,
      // No verdict yet (NaN) keeps the level, where null (nothing is filling) would clear the alert and fire
      // it again a few samples later.
      value: fs.secondsToFull ?? (fs.settled ? null : Number.NaN),
      message: fs.secondsToFull === null ? null : `${fs.mount} ${fullAtRateText(fs.secondsToFull, fs.fitWindowMs)}`,
    });
    // A filesystem whose size df did not give has nothing to scale by: no held check, rather than one at 0 bytes.
    if (fs.heldBytes !== null && fs.sizeBytes > 0) {
      const held = heldThresholds(config, fs.sizeBytes);
      checks.push({
        key: `${input.node}\0held\0${fs.mount}`,
        kind: 'held',
        subject: fs.mount,
        rule: bytesAboveRule(held.warn, held.critical),
        value: fs.heldBytes,
        message: `${formatBytes(fs.heldBytes)} on ${fs.mount} (${Math.round((fs.heldBytes / fs.sizeBytes) * 100)}% of it) held by deleted files still open`,
      });
    }
  }
  for (const w of input.writers) {
    checks.push({
      key: `${input.node}\0writerMemory\0${w.pid}`,
      kind: 'writerMemory',
      subject: `${w.comm} (pid ${w.pid})`,
      rule: rssRule,
      value: w.unmatchedRssGrowthBytes,
      message: `${w.comm} (pid ${w.pid}) grew ${formatBytes(w.unmatchedRssGrowthBytes)} of memory while writing almost nothing: an unbounded in-memory queue?`,
    });
  }
  return checks;
}

/**
 * Feeds the inputs to the machine; `open` (shared by every watch, keyed like the machine) is updated to the
 * alerts open now. Returns the transitions to announce. Two watches of roots on one filesystem feed the
 * same keys, so they share one episode and one announcement.
 */
export function evaluateAlerts(
  machine: AlertMachine,
  config: AlertConfig,
  input: AlertInputs,
  open: Map<string, WatchAlert>,
  now: number,
): AlertEvent[] {
  const events: AlertEvent[] = [];
  const checks = checksFor(config, input);
  for (const c of checks) {
    for (const t of machine.update(c.key, c.rule, c.value)) {
      if (t.kind === 'fire') {
        const alert: WatchAlert = {
          key: c.key,
          kind: c.kind,
          node: input.node,
          subject: c.subject,
          severity: t.severity,
          message: c.message ?? open.get(c.key)?.message ?? c.subject,
          since: open.get(c.key)?.since ?? now,
        };
        open.set(c.key, alert);
        events.push({ ...alert, transition: 'fire', at: now });
      } else {
        const was = open.get(c.key);
        open.delete(c.key);
        events.push({
          key: c.key,
          kind: c.kind,
          node: input.node,
          subject: c.subject,
          severity: t.severity,
          message: was ? `cleared: ${was.message}` : `cleared: ${c.subject}`,
          since: was?.since ?? now,
          transition: 'clear',
          at: now,
        });
      }
    }
    const level = machine.level(c.key);
    const cur = open.get(c.key);
    // The open alert follows the current level (critical back to warn) and the values just measured.
    if (cur && level !== 'ok') open.set(c.key, { ...cur, severity: level, message: c.message ?? cur.message });
  }
  for (const pid of input.exitedWriterPids) {
    const key = `${input.node}\0writerMemory\0${pid}`;
    machine.retain((k) => k !== key);
    open.delete(key);
  }
  return events;
}
