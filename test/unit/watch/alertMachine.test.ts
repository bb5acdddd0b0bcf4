// Alerts fire once per episode, escalate once, clear with hysteresis; the watch's checks feed them, with
// held-bytes thresholds that scale with the filesystem and messages that say the values now.
import { describe, expect, it } from 'vitest';
import { aboveRule, AlertMachine, belowRule, nextLevel } from '../../../src/main/core/watch/alertMachine';
import { evaluateAlerts, heldThresholds, timeToFullLevel, type AlertInputs } from '../../../src/main/core/watch/watchAlerts';
import { formatDuration } from '../../../src/shared/durationText';
import { AlertConfigSchema, type WatchAlert } from '../../../src/shared/watchModels';

const fill = aboveRule(0.7, 0.9, 0.03);
const ttf = belowRule(8 * 3600, 2 * 3600, 1.25);

function run(machine: AlertMachine, rule = fill, values: (number | null)[], key = 'k') {
  return values.flatMap((v) => machine.update(key, rule, v)).map((t) => `${t.kind}:${t.severity}`);
}

describe('AlertMachine', () => {
  it('fires once for a value hovering around the threshold', () => {
    const m = new AlertMachine();
    expect(run(m, fill, [0.5, 0.91, 0.89, 0.905, 0.895, 0.9, 0.88])).toEqual(['fire:critical']);
  });

  it('warns, escalates once, falls back silently, and clears once past the clear threshold', () => {
    const m = new AlertMachine();
    expect(run(m, fill, [0.6, 0.72, 0.69, 0.71, 0.92, 0.88, 0.86, 0.93, 0.68, 0.66])).toEqual(['fire:warn', 'fire:critical', 'clear:critical']);
    expect(m.level('k')).toBe('ok');
  });

  it('starts a new episode after a clear', () => {
    const m = new AlertMachine();
    expect(run(m, fill, [0.95, 0.1, 0.95])).toEqual(['fire:critical', 'clear:critical', 'fire:critical']);
  });

  it('time to full: smaller is worse; no prediction is safe; clears only well above the threshold', () => {
    const m = new AlertMachine();
    const h = 3600;
    expect(run(m, ttf, [null, 10 * h, 7 * h, 8.5 * h, 9 * h, 1.5 * h, 2.2 * h, 3 * h, 9.5 * h, 11 * h], 't')).toEqual(['fire:warn', 'fire:critical', 'clear:critical']);
    expect(run(m, ttf, [1 * h, null], 't2')).toEqual(['fire:critical', 'clear:critical']);
  });

  it('a NaN reading keeps the level instead of clearing', () => {
    expect(nextLevel(fill, 'critical', Number.NaN)).toBe('critical');
  });

  it('bounds the keys it tracks and only remembers open episodes', () => {
    const m = new AlertMachine(2);
    run(m, fill, [0.95], 'a');
    run(m, fill, [0.95], 'b');
    expect(run(m, fill, [0.95], 'c')).toEqual([]);
    expect(m.dropped).toBe(1);
    run(m, fill, [0.1], 'a');
    expect(m.active().map((a) => a.key)).toEqual(['b']);
  });
});

describe('evaluateAlerts', () => {
  const config = AlertConfigSchema.parse({});
  const GiB = 1024 ** 3;
  const fsAt = (fillRatio: number, secondsToFull: number | null, heldBytes: number | null = null, sizeBytes = 100 * GiB, settled = true): AlertInputs['filesystems'][number] => ({
    mount: '/data',
    sizeBytes,
    fillRatio,
    secondsToFull,
    settled,
    fitWindowMs: 30 * 60_000,
    heldBytes,
  });
  const input = (filesystems: AlertInputs['filesystems']): AlertInputs => ({ node: 'n1', filesystems, writers: [], exitedWriterPids: [] });

  it('announces fill and time-to-full with operator text, each once', () => {
    const m = new AlertMachine();
    const open = new Map<string, WatchAlert>();
    const first = evaluateAlerts(m, config, { node: 'n1', filesystems: [fsAt(0.91, 3 * 3600 + 20 * 60)], writers: [], exitedWriterPids: [] }, open, 1000);
    expect(first.map((e) => `${e.kind}:${e.severity}:${e.transition}`)).toEqual(['fill:critical:fire', 'timeToFull:warn:fire']);
    expect(first[1].message).toBe('/data full in 3 h 20 min at the last 30 min\'s rate');
    expect(first[0].message).toBe('/data is 91% full');
    const again = evaluateAlerts(m, config, { node: 'n1', filesystems: [fsAt(0.92, 3 * 3600)], writers: [], exitedWriterPids: [] }, open, 2000);
    expect(again).toEqual([]);
    expect([...open.values()].map((a) => a.since)).toEqual([1000, 1000]);
    const cleared = evaluateAlerts(m, config, { node: 'n1', filesystems: [fsAt(0.2, null)], writers: [], exitedWriterPids: [] }, open, 3000);
    expect(cleared.map((e) => e.transition)).toEqual(['clear', 'clear']);
    expect(open.size).toBe(0);
  });

  it('held bytes over the threshold and a writer with unmatched memory growth alert; an exited writer ends silently', () => {
    const m = new AlertMachine();
    const open = new Map<string, WatchAlert>();
    const ev = evaluateAlerts(
      m,
      config,
      { node: 'n1', filesystems: [fsAt(0.1, null, 2 * 1024 ** 3, 1024 * GiB)], writers: [{ pid: 4242, comm: 'flowctl-go', unmatchedRssGrowthBytes: 8 * 1024 ** 3 }], exitedWriterPids: [] },
      open,
      1,
    );
    expect(ev.map((e) => `${e.kind}:${e.severity}`)).toEqual(['held:warn', 'writerMemory:critical']);
    expect(ev[1].subject).toBe('flowctl-go (pid 4242)');
    const after = evaluateAlerts(m, config, { node: 'n1', filesystems: [fsAt(0.1, null, 2 * 1024 ** 3, 1024 * GiB)], writers: [], exitedWriterPids: [4242] }, open, 2);
    expect(after).toEqual([]);
    expect([...open.values()].map((a) => a.kind)).toEqual(['held']);
  });

  it('held bytes warn at the smaller of 5% of the filesystem and 1 GiB, and are critical at the smaller of 15% and 10 GiB', () => {
    expect(heldThresholds(config, 4 * GiB)).toEqual({ warn: 0.05 * 4 * GiB, critical: 0.15 * 4 * GiB });
    expect(heldThresholds(config, 1024 * GiB)).toEqual({ warn: GiB, critical: 10 * GiB });
    // 300 MiB held is a warning on a 4 GiB root filesystem (7%), nothing on a 1 TiB spool.
    const small = evaluateAlerts(new AlertMachine(), config, input([fsAt(0.5, null, 300 * 1024 ** 2, 4 * GiB)]), new Map(), 0);
    expect(small.map((e) => `${e.kind}:${e.severity}`)).toEqual(['held:warn']);
    expect(small[0].message).toBe('300 MiB on /data (7% of it) held by deleted files still open');
    expect(evaluateAlerts(new AlertMachine(), config, input([fsAt(0.5, null, 300 * 1024 ** 2, 1024 * GiB)]), new Map(), 0)).toEqual([]);
    // 700 MiB of 4 GiB is past 15%: critical; on a 1 TiB filesystem 12 GiB is past the 10 GiB cap.
    expect(evaluateAlerts(new AlertMachine(), config, input([fsAt(0.5, null, 700 * 1024 ** 2, 4 * GiB)]), new Map(), 0).map((e) => e.severity)).toEqual(['critical']);
    expect(evaluateAlerts(new AlertMachine(), config, input([fsAt(0.5, null, 12 * GiB, 1024 * GiB)]), new Map(), 0).map((e) => e.severity)).toEqual(['critical']);
    // A filesystem without a size has nothing to scale by: no held alert.
    expect(evaluateAlerts(new AlertMachine(), config, input([fsAt(0.5, null, 12 * GiB, 0)]), new Map(), 0)).toEqual([]);
  });

  it('an open alert says the values now, not those it fired with', () => {
    const m = new AlertMachine();
    const open = new Map<string, WatchAlert>();
    evaluateAlerts(m, config, input([fsAt(0.91, 3 * 3600)]), open, 1000);
    expect(evaluateAlerts(m, config, input([fsAt(0.96, 5 * 3600)]), open, 2000)).toEqual([]);
    expect([...open.values()].map((a) => a.message)).toEqual(['/data is 96% full', "/data full in 5 h at the last 30 min's rate"]);
    expect([...open.values()].map((a) => a.since)).toEqual([1000, 1000]);
  });

  it('a time to full with no verdict yet (a fit just restarted, a rate that just dropped) keeps the alert and its last text; a settled none clears it', () => {
    const m = new AlertMachine();
    const open = new Map<string, WatchAlert>();
    evaluateAlerts(m, config, input([fsAt(0.5, 3600)]), open, 1);
    expect(evaluateAlerts(m, config, input([fsAt(0.5, null, null, 100 * GiB, false)]), open, 2)).toEqual([]);
    expect(open.get('n1\0timeToFull\0/data')).toMatchObject({ severity: 'critical', message: "/data full in 1 h at the last 30 min's rate" });
    expect(evaluateAlerts(m, config, input([fsAt(0.5, null, null, 100 * GiB, true)]), open, 3).map((e) => `${e.kind}:${e.transition}`)).toEqual(['timeToFull:clear']);
  });

  it('the time-to-full level is the alert\'s judgement of the same figure', () => {
    expect(timeToFullLevel(config, null)).toBe('ok');
    expect(timeToFullLevel(config, 9 * 3600)).toBe('ok');
    expect(timeToFullLevel(config, 8 * 3600)).toBe('warn');
    expect(timeToFullLevel(config, 2 * 3600)).toBe('critical');
  });

  it('thresholds come from the node config', () => {
    const m = new AlertMachine();
    const strict = AlertConfigSchema.parse({ fillWarn: 0.3, fillCritical: 0.5 });
    const ev = evaluateAlerts(m, strict, { node: 'n', filesystems: [fsAt(0.4, null)], writers: [], exitedWriterPids: [] }, new Map(), 0);
    expect(ev.map((e) => `${e.kind}:${e.severity}`)).toEqual(['fill:warn']);
  });

  it('formats durations the way the banner says them', () => {
    expect(formatDuration(12000)).toBe('3 h 20 min');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(3 * 86400 + 3600)).toBe('3 d 1 h');
  });
});
