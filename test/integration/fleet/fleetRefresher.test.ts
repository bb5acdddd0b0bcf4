// The fleet refresher on real probes (df and held through LocalTransport, one per node) and, for dead
// nodes, a real TCP port that accepts and never says a word. Proves: no more than `concurrency` nodes are
// worked on at once (counted, not timed) and that many are; a dead node costs one slot until its deadline
// while the others finish; rows are coalesced into a few snapshots; the queue holds each node once.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRow, NodeInfo } from '../../../src/shared/nodeModels';
import type { NodeDirectory } from '../../../src/main/nodes/nodeDirectory';
import { BLIND_RISK } from '../../../src/main/core/fleet/fleetRisk';
import { FleetRefresher } from '../../../src/main/services/fleet/fleetRefresher';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { HeldProcReader } from '../../../src/main/localProc/heldProcReader';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import type { ExecHandle, ExecLimits, Transport } from '../../../src/main/transport/transport';

let silent: Server;
let silentPort = 0;
const silentSockets = new Set<Socket>();

beforeAll(async () => {
  // Accepts and never answers: what a node behind a dropping firewall or a wedged sshd looks like.
  silent = createServer((s) => {
    silentSockets.add(s);
    s.on('close', () => silentSockets.delete(s));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

/** Nodes currently being worked on (in connect or with a probe running), and the most seen at once. */
class Activity {
  private readonly active = new Map<string, number>();
  max = 0;
  enter(name: string): void {
    this.active.set(name, (this.active.get(name) ?? 0) + 1);
    this.max = Math.max(this.max, this.active.size);
  }
  leave(name: string): void {
    const n = (this.active.get(name) ?? 1) - 1;
    if (n <= 0) this.active.delete(name);
    else this.active.set(name, n);
  }
}

function info(name: string, state: NodeInfo['state'], message: string | null = null): NodeInfo {
  return { name, kind: name === 'local' ? 'local' : 'ssh', address: `${name}:22`, config: null, state, message, hostKeyFingerprint: null, partial: false };
}

/** A probe transport that records activity around the real local transport. */
function countingTransport(name: string, activity: Activity): Transport {
  const local = new LocalTransport();
  return {
    nodeName: name,
    exec(script: string, stdin: Buffer, limits: ExecLimits, signal?: AbortSignal): ExecHandle {
      activity.enter(name);
      const h = local.exec(script, stdin, limits, signal);
      void h.outcome.finally(() => activity.leave(name));
      return h;
    },
    close: () => local.close(),
  };
}

/** Waits for an SSH banner on the port, as a client's first step; the silent server never sends one. */
function waitForBanner(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('data', () => {
      sock.destroy();
      resolve();
    });
    sock.once('error', reject);
  });
}

interface TestDirectory extends NodeDirectory {
  connects: number;
}

/** Good nodes connect after `connectMs` (a handshake's worth) and probe this machine; dead ones hang on the silent port. */
function directory(good: string[], dead: string[], activity: Activity, connectMs = 40): TestDirectory {
  const states = new Map<string, NodeInfo>([...good, ...dead].map((n) => [n, info(n, 'idle')]));
  const listeners = new Set<(n: NodeInfo) => void>();
  const transports = new Map(good.map((n) => [n, countingTransport(n, activity)]));
  const setState = (n: NodeInfo) => {
    states.set(n.name, n);
    for (const l of listeners) l(n);
  };
  const dir: TestDirectory = {
    connects: 0,
    list: () => [...states.values()],
    async connect(name) {
      dir.connects++;
      activity.enter(name);
      try {
        setState(info(name, 'connecting'));
        if (dead.includes(name)) await waitForBanner(silentPort);
        else await new Promise((r) => setTimeout(r, connectMs));
        setState(info(name, 'connected'));
        return states.get(name)!;
      } finally {
        activity.leave(name);
      }
    },
    transportFor(name) {
      const t = transports.get(name);
      if (!t) throw new Error(`no transport for ${name}`);
      return t;
    },
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return dir;
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);

describe('fleet refresher', () => {
  it('works on at most `concurrency` nodes at once, reaches that many, and refreshes every node', async () => {
    const activity = new Activity();
    const good = names('n', 24);
    const dir = directory(good, [], activity);
    const snapshots: FleetRow[][] = [];
    const fleet = new FleetRefresher({ directory: dir, largestRoot: () => null, onRows: (r) => snapshots.push(r), concurrency: 8, emitIntervalMs: 100 });
    expect(fleet.refresh()).toBe(24);
    await fleet.whenIdle();
    expect(activity.max).toBe(8);
    expect(dir.connects).toBe(24);
    const rows = fleet.rows();
    expect(rows).toHaveLength(24);
    for (const r of rows) {
      expect(r.state, r.name).toBe('connected');
      expect(r.worstFillRatio, r.name).not.toBeNull();
      expect(r.worstMount, r.name).toMatch(/^\//);
      expect(r.heldBytes, r.name).not.toBeNull();
      expect(r.lastRefreshAt, r.name).not.toBeNull();
      expect(r.refreshing, r.name).toBe(false);
    }
    await fleet.close();
  });

  it('measures the node it is given an in-process reader for with that reader, never the held script', async () => {
    const activity = new Activity();
    const dir = directory(['local', 'remote'], [], activity);
    const heldScripts = new Map<string, number>();
    const inner = dir.transportFor.bind(dir);
    dir.transportFor = (name) => {
      const t = inner(name);
      return { ...t, exec: (script, stdin, limits, signal) => (script === probeScripts.held && heldScripts.set(name, (heldScripts.get(name) ?? 0) + 1), t.exec(script, stdin, limits, signal)) };
    };
    const reader = new HeldProcReader();
    const fleet = new FleetRefresher({ directory: dir, largestRoot: () => null, onRows: () => {}, inProcessProbe: (n) => (n === 'local' ? reader : null) });
    try {
      fleet.refresh();
      await fleet.whenIdle();
      const rows = new Map(fleet.rows().map((r) => [r.name, r]));
      expect(rows.get('local')?.heldBytes).not.toBeNull();
      expect(rows.get('remote')?.heldBytes).not.toBeNull();
      expect(heldScripts.get('local')).toBeUndefined();
      expect(heldScripts.get('remote')).toBe(1);
    } finally {
      await fleet.close();
      await reader.close();
    }
  });

  it('nodes that accept and never answer hold their slots, and the others all finish through the free one', async () => {
    const activity = new Activity();
    const good = names('ok', 8);
    const dead = ['dead-a', 'dead-b'];
    // The dead nodes go first and take two of three slots: the third slot alone must get through the rest.
    // Their deadline is far off, so "the good ones finished first" cannot be an accident of timing.
    const dir = directory(good, dead, activity);
    let latest: FleetRow[] = [];
    let goodDone!: () => void;
    const allGoodDone = new Promise<void>((resolve) => (goodDone = resolve));
    const fleet = new FleetRefresher({
      directory: dir,
      largestRoot: () => null,
      onRows: (rows) => {
        latest = rows;
        const m = new Map(rows.map((r) => [r.name, r]));
        if (good.every((g) => m.get(g)!.heldBytes !== null && !m.get(g)!.refreshing)) goodDone();
      },
      concurrency: 3,
      nodeTimeoutMs: 120_000,
      emitIntervalMs: 50,
    });
    fleet.refresh([...dead, ...good]);
    await allGoodDone;
    const m = new Map(latest.map((r) => [r.name, r]));
    for (const d of dead) expect(m.get(d)!.refreshing, d).toBe(true);
    for (const g of good) expect(m.get(g)!.lastRefreshAt, g).not.toBeNull();
    await fleet.close();
  });

  it('ends a node that never answers at its deadline: unreachable, with what to check, ranked as a disk at the warn line', async () => {
    const good = names('ok', 2);
    const dead = ['dead-a'];
    const fleet = new FleetRefresher({ directory: directory(good, dead, new Activity()), largestRoot: () => null, onRows: () => {}, concurrency: 3, nodeTimeoutMs: 2000 });
    fleet.refresh();
    await fleet.whenIdle();
    const final = new Map(fleet.rows().map((r) => [r.name, r]));
    const d = final.get('dead-a')!;
    expect(d.state).toBe('unreachable');
    expect(d.message).toMatch(/no SSH answer within 2 s: check that the host is up, the port is right and no firewall drops it/);
    expect(d.lastRefreshAt).toBeNull();
    expect(d.refreshing).toBe(false);
    // Nobody can see its disks: it ranks at least as a disk at the warn line, above healthier measured nodes.
    expect(d.risk).toBeGreaterThanOrEqual(BLIND_RISK);
    const order = fleet.rows().map((r) => r.name);
    for (const g of good) if (final.get(g)!.risk < BLIND_RISK) expect(order.indexOf('dead-a')).toBeLessThan(order.indexOf(g));
    await fleet.close();
  });

  it('coalesces row changes into snapshots no more often than the interval, the last one complete', async () => {
    const activity = new Activity();
    const good = names('c', 16);
    const dir = directory(good, [], activity, 5);
    const times: number[] = [];
    let last: FleetRow[] = [];
    const fleet = new FleetRefresher({
      directory: dir,
      largestRoot: () => null,
      onRows: (r) => {
        times.push(Date.now());
        last = r;
      },
      concurrency: 8,
      emitIntervalMs: 200,
    });
    const t0 = Date.now();
    fleet.refresh();
    await fleet.whenIdle();
    await new Promise((r) => setTimeout(r, 300));
    const elapsed = Date.now() - t0;
    // Each node changes at least four times (connecting, connected, filesystems, held): 64+ changes.
    expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
    expect(times.length).toBeLessThan(good.length * 4);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(190);
    expect(last).toHaveLength(16);
    expect(last.every((r) => !r.refreshing && r.heldBytes !== null)).toBe(true);
    await fleet.close();
  });

  it('queues a node once: asking again while it is queued or running starts nothing new', async () => {
    const activity = new Activity();
    const dir = directory(names('q', 4), [], activity);
    const fleet = new FleetRefresher({ directory: dir, largestRoot: () => null, onRows: () => {}, concurrency: 1 });
    expect(fleet.refresh()).toBe(4);
    expect(fleet.refresh()).toBe(0);
    expect(fleet.refresh(['q03'])).toBe(0);
    expect(fleet.rows().every((r) => r.refreshing)).toBe(true);
    await fleet.whenIdle();
    expect(dir.connects).toBe(4);
    expect(fleet.refresh(['q03'])).toBe(1);
    await fleet.whenIdle();
    expect(dir.connects).toBe(5);
    await fleet.close();
  });

  it('refuses unknown node names with a message that says what to do', async () => {
    const fleet = new FleetRefresher({ directory: directory(['a'], [], new Activity()), largestRoot: () => null, onRows: () => {} });
    expect(() => fleet.refresh(['a', 'nope'])).toThrow(/unknown node "nope": add it first/);
    await fleet.close();
  });

  it('leaves a node it cannot see with its state, the reason, and no figures', async () => {
    const base = directory([], [], new Activity());
    const refused: NodeDirectory = {
      ...base,
      list: () => [info('k', 'hostkey_unknown', 'host key not known: check SHA256:abc and trust it')],
      connect: async () => info('k', 'hostkey_unknown', 'host key not known: check SHA256:abc and trust it'),
    };
    const fleet = new FleetRefresher({ directory: refused, largestRoot: () => ({ path: '/var/log', allocatedBytes: 42 }), onRows: () => {} });
    fleet.refresh();
    await fleet.whenIdle();
    const [row] = fleet.rows();
    expect(row).toMatchObject({ name: 'k', state: 'hostkey_unknown', worstFillRatio: null, lastRefreshAt: null, largestRoot: { path: '/var/log', allocatedBytes: 42 } });
    expect(row.message).toMatch(/SHA256:abc/);
    await fleet.close();
  });
});
