// What a watch alerts on, turned into alert-machine updates: fill ratio and time-to-full per filesystem,
// held bytes per filesystem, and writers whose memory grows while their writes do not. Pure: the caller
// passes the values and the clock, and announces what comes back.
import type { AlertConfig, AlertEvent, AlertKind, WatchAlert } from '../../../shared/watchModels';
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
  filesystems: { mount: string; fillRatio: number; secondsToFull: number | null; fitWindowMs: number; heldBytes: number | null }[];
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
  message: (severity: 'warn' | 'critical') => string;
}

/** A byte count clears a level once back under BYTES_CLEAR_SHARE of it. */
function bytesAboveRule(warn: number, critical: number): ThresholdRule {
  return { direction: 'above', warn, critical, clearWarn: warn * BYTES_CLEAR_SHARE, clearCritical: critical * BYTES_CLEAR_SHARE };
}

function checksFor(config: AlertConfig, input: AlertInputs): Check[] {
  const checks: Check[] = [];
  const fillRule = aboveRule(config.fillWarn, config.fillCritical, config.fillHysteresis);
  const ttfRule = belowRule(config.timeToFullWarnSeconds, config.timeToFullCriticalSeconds, TTF_CLEAR_FACTOR);
  const heldRule = bytesAboveRule(config.heldWarnBytes, config.heldCriticalBytes);
  const rssRule = bytesAboveRule(config.writerRssWarnBytes, config.writerRssCriticalBytes);
  for (const fs of input.filesystems) {
    checks.push({
      key: `${input.node}\0fill\0${fs.mount}`,
      kind: 'fill',
      subject: fs.mount,
      rule: fillRule,
      value: fs.fillRatio,
      message: () => `${fs.mount} is ${formatFill(fillPercentOfRatio(fs.fillRatio))} full`,
    });
    checks.push({
      key: `${input.node}\0timeToFull\0${fs.mount}`,
      kind: 'timeToFull',
      subject: fs.mount,
      rule: ttfRule,
      value: fs.secondsToFull,
      message: () => `${fs.mount} ${fullAtRateText(fs.secondsToFull ?? 0, fs.fitWindowMs)}`,
    });
    if (fs.heldBytes !== null) {
      checks.push({
        key: `${input.node}\0held\0${fs.mount}`,
        kind: 'held',
        subject: fs.mount,
        rule: heldRule,
        value: fs.heldBytes,
        message: () => `${formatBytes(fs.heldBytes ?? 0)} on ${fs.mount} held by deleted files still open`,
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
      message: () => `${w.comm} (pid ${w.pid}) grew ${formatBytes(w.unmatchedRssGrowthBytes)} of memory while writing almost nothing: an unbounded in-memory queue?`,
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
        const alert: WatchAlert = { key: c.key, kind: c.kind, node: input.node, subject: c.subject, severity: t.severity, message: c.message(t.severity), since: open.get(c.key)?.since ?? now };
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
    // The open alert follows the current level (critical back to warn) with a fresh message.
    if (cur && level !== 'ok') open.set(c.key, { ...cur, severity: level, message: c.message(level) });
  }
  for (const pid of input.exitedWriterPids) {
    const key = `${input.node}\0writerMemory\0${pid}`;
    machine.retain((k) => k !== key);
    open.delete(key);
  }
  return events;
}
