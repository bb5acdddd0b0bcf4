// The fleet refresher on the real SSH stack: the node registry with real sshd nodes on 127.0.0.1, a
// stopped sshd, and a port that accepts and never says a word (the handshake timeout is set to 5 min
// here). Proves the per-node deadline, not the SSH library, bounds a dead node: the good nodes finish
// through the free slots while the silent one is still waiting; at the deadline the silent node reads
// "unreachable" with what to check; and the largest root comes from the node's latest scan snapshot.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRow } from '../../../src/shared/nodeModels';
import { NodeRegistry } from '../../../src/main/nodes/nodeRegistry';
import { FleetRefresher, largestScannedRoot } from '../../../src/main/services/fleet/fleetRefresher';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { runLocalScan } from '../../support/runScan';
import { freePort, makeClientKey, startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const GOOD = 5;
const tmp = makeTempDir('fleet-ssh');
const sshds: Sshd[] = [];
let stoppedPort = 0;
let silent: Server;
let silentPort = 0;
const silentSockets = new Set<Socket>();
let store: StateStore;
let registry: NodeRegistry;
const goods = () => [...Array(GOOD).keys()].map((i) => `good${i}`);

beforeAll(async () => {
  const clientKey = makeClientKey(tmp.dir);
  sshds.push(...(await Promise.all(Array.from({ length: GOOD + 1 }, () => startSshd({ clientKey })))));
  const stopped = sshds.pop()!;
  stoppedPort = stopped.port;
  await stopped.stop();
  silent = createServer((s) => {
    silentSockets.add(s);
    s.on('close', () => silentSockets.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;

  const knownHosts = join(tmp.dir, 'known_hosts');
  writeFileSync(knownHosts, sshds.map((s) => s.knownHostsLine).join('\n') + '\n');
  store = openStateStore({ dataDir: join(tmp.dir, 'data') });
  registry = new NodeRegistry({ store, dataDir: join(tmp.dir, 'data'), local: new LocalTransport(), knownHostsFiles: [knownHosts], env: {}, readyTimeoutMs: 300_000 });
  const add = (name: string, port: number) => registry.add({ name, host: '127.0.0.1', port, user: 'root', identityFile: clientKey.identityFile });
  // The silent and the stopped node first in the queue, so they take slots before the good ones (this
  // machine's node comes first of all).
  await add('silent', silentPort);
  await add('stopped', stoppedPort === 0 ? await freePort() : stoppedPort);
  for (const [i, s] of sshds.entries()) await add(`good${i}`, s.port);
}, 60_000);

afterAll(async () => {
  await registry?.close();
  store?.close();
  for (const s of silentSockets) s.destroy();
  await new Promise((r) => silent?.close(r));
  await Promise.all(sshds.map((s) => s.stop()));
  tmp.cleanup();
});

describe('fleet refresh over SSH', () => {
  it('a silent node holds its slot while the good ones finish in the free slots', async () => {
    let latest: FleetRow[] = [];
    let goodDone!: () => void;
    const allGoodDone = new Promise<void>((resolve) => (goodDone = resolve));
    const fleet = new FleetRefresher({
      directory: registry,
      largestRoot: (n) => largestScannedRoot(store, n),
      onRows: (rows) => {
        latest = rows;
        const m = new Map(rows.map((r) => [r.name, r]));
        if (goods().every((g) => !m.get(g)!.refreshing && m.get(g)!.heldBytes !== null)) goodDone();
      },
      concurrency: 4,
      // Far off, like ssh2's own handshake timeout here: finishing first cannot be an accident of timing.
      nodeTimeoutMs: 120_000,
      emitIntervalMs: 100,
    });
    expect(fleet.refresh()).toBe(GOOD + 3);
    await allGoodDone;
    const rows = new Map(latest.map((r) => [r.name, r]));
    expect(rows.get('silent')!.refreshing).toBe(true);
    for (const g of goods()) {
      const r = rows.get(g)!;
      // partial: measured, but the identity check could not confirm root (a loaded machine can do that).
      expect(['connected', 'partial'], `${g}: ${r.state} ${r.message ?? ''}`).toContain(r.state);
      expect(r.worstFillRatio).not.toBeNull();
      expect(r.lastRefreshAt).not.toBeNull();
    }
    expect(rows.get('stopped')!.state).toBe('unreachable');
    expect(rows.get('stopped')!.message).toMatch(/\S/);
    await fleet.close();
  }, 120_000);

  it('ends the silent node at the refresher\'s deadline, long before the SSH handshake would give up', async () => {
    const fleet = new FleetRefresher({ directory: registry, largestRoot: () => null, onRows: () => {}, nodeTimeoutMs: 3000 });
    fleet.refresh(['silent']);
    await fleet.whenIdle();
    const s = fleet.rows().find((r) => r.name === 'silent')!;
    expect(s.state).toBe('unreachable');
    expect(s.message).toMatch(/no SSH answer within 3 s: check that the host is up, the port is right and no firewall drops it/);
    expect(s.refreshing).toBe(false);
    await fleet.close();
  }, 60_000);

  it("names the largest root by the node's latest scan snapshot", async () => {
    const lab = makeTempDir('fleet-roots');
    try {
      const big = join(lab.dir, 'big');
      const small = join(lab.dir, 'small');
      for (const [dir, bytes] of [
        [big, 3 * 1024 * 1024],
        [small, 64 * 1024],
      ] as const) {
        mkdirSync(dir);
        writeFileSync(join(dir, 'app.log'), Buffer.alloc(bytes, 'x'));
        store.roots.add('good0', dir);
        const { scans, jobId } = await runLocalScan(dir);
        store.scanSnapshots.record('good0', scans.summary(jobId), Date.now());
      }
      const largest = largestScannedRoot(store, 'good0');
      expect(largest?.path).toBe(big);
      expect(largest!.allocatedBytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
      expect(largestScannedRoot(store, 'good1')).toBeNull();
    } finally {
      lab.cleanup();
    }
  });
});
