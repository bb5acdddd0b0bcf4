// Alerts from a running watch against real processes: a writer whose memory grows while it writes nothing
// (an unbounded in-memory queue) is flagged once, a steady writer is not; held bytes past the node's
// threshold alert once per episode.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WatchService } from '../../../src/main/services/watch/watchService';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { AlertConfigSchema, type AlertConfig, type AlertEvent, type WatchSnapshot } from '../../../src/shared/watchModels';
import { stopAllHolders, superviseChild } from '../../support/processes';
import { startAppender } from '../../support/appender';
import { makeTempDir } from '../../support/tempDir';
import { until as waitUntil } from '../../support/until';

const MiB = 1024 * 1024;
const tmp = makeTempDir('watch-alerts');
afterAll(async () => {
  await stopAllHolders();
  tmp.cleanup();
});

// Opens a log under the root (so it is a writer there), then grows its heap by 16 MiB every 100 ms.
const PY_QUEUE = `
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
queue = []
print("ready", flush=True)
for _ in range(40):
    queue.append(bytearray(16 * 1024 * 1024))
    time.sleep(0.1)
time.sleep(600)
`;

const until = (what: string, pred: () => boolean, timeoutMs = 20_000) => waitUntil(what, pred, timeoutMs, 50);

function service(config: Partial<AlertConfig>, heldBytes?: () => Promise<Map<string, number>>) {
  const snaps: WatchSnapshot[] = [];
  const alerts: AlertEvent[] = [];
  const cfg = AlertConfigSchema.parse(config);
  const s = new WatchService({
    transportFor: () => new LocalTransport(),
    emitSnapshot: (x) => snaps.push(x),
    emitAlert: (e) => alerts.push(e),
    alertSettings: { get: () => cfg, set: () => cfg },
    heldBytes,
    heldIntervalMs: 100,
    minEmitIntervalMs: 0,
    // Look for writers on every sample, and judge memory over a short window.
    tuning: { discoverEvery: 1, writerWindowMs: 3000 },
  });
  return { s, snaps, alerts };
}

describe('live alerts', () => {
  it('flags a writer whose memory grows while it writes nothing, and not a steady writer', async () => {
    const root = join(tmp.dir, 'queue');
    mkdirSync(root, { recursive: true });
    const child = spawn('python3', ['-c', PY_QUEUE, join(root, 'queue.log')], { stdio: ['ignore', 'pipe', 'inherit'] });
    superviseChild(child);
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    const steady = await startAppender(join(root, 'steady.log'), 4 * MiB, 1024 * MiB);
    const { s, snaps, alerts } = service({ writerRssWarnBytes: 128 * MiB, writerRssCriticalBytes: 4096 * MiB });
    s.start('local', root, 250);
    await until('the queue flagged', () => alerts.some((a) => a.kind === 'writerMemory'));
    const fired = alerts.filter((a) => a.kind === 'writerMemory');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ transition: 'fire', severity: 'warn', subject: `python3 (pid ${child.pid})` });
    expect(fired[0].message).toMatch(/grew .* of memory while writing almost nothing/);
    const w = snaps.at(-1)!.writers;
    expect(w.find((x) => x.pid === child.pid)!.unmatchedRssGrowthBytes).toBeGreaterThan(128 * MiB);
    expect(w.find((x) => x.pid === steady.pid)?.unmatchedRssGrowthBytes ?? 0).toBe(0);
    await s.close();
  });

  it('alerts on held bytes past the threshold once, and clears when they are gone', async () => {
    const root = join(tmp.dir, 'held');
    mkdirSync(root, { recursive: true });
    let held = 0;
    let mount = '';
    // Shares of the whole filesystem: the caps rule, whatever the size of the filesystem under the temp dir.
    const { s, snaps, alerts } = service({ heldWarnShare: 1, heldWarnMaxBytes: 100 * MiB, heldCriticalShare: 1, heldCriticalMaxBytes: 1000 * MiB }, async () => new Map([[mount, held]]));
    s.start('local', root, 200);
    await until('a sample', () => snaps.length > 0 && snaps.at(-1)!.filesystems.length > 0);
    mount = snaps.at(-1)!.filesystems[0].mount;
    held = 300 * MiB;
    await until('the held alert', () => alerts.some((a) => a.kind === 'held'));
    const seq = snaps.at(-1)!.seq;
    await until('more samples', () => snaps.at(-1)!.seq > seq + 5);
    held = 0;
    await until('the clear', () => alerts.some((a) => a.kind === 'held' && a.transition === 'clear'));
    expect(alerts.filter((a) => a.kind === 'held').map((a) => `${a.transition}:${a.severity}`)).toEqual(['fire:warn', 'clear:warn']);
    await s.close();
  });
});
