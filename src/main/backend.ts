// Composition root shared by the Electron entry, the WebSocket bridge and the CLI:
// services behind one dispatcher, events through one hub.
import { hostname } from 'node:os';
import { createDispatcher, type Dispatcher } from './rpc/dispatcher';
import { createEventHub, type EventHub } from './rpc/eventHub';
import { LocalTransport } from './transport/localTransport';
import type { Transport } from './transport/transport';
import { ScanJobs } from './services/scan/scanJobs';
import { readFilesystems } from './services/common/filesystems';
import type { StateStore } from './store/stateStore';
import { openStoreOrTemporary, temporaryStoreParents } from './store/storeOrTemporary';
import { contract } from '../shared/contract';
import { HeldProcReader, WARM_UP_SCANS } from './localProc/heldProcReader';
import { heldReaderChoice } from './localProc/heldReaderChoice';
import { HeldScanner } from './services/held/heldScanner';
import { HeldReclaimer } from './services/held/heldReclaimer';
import { Reaper } from './services/reap/reaper';
import { scanReferenceOf } from './services/scan/scanReference';
import { appVersion } from './appVersion';
import { NodeRegistry } from './nodes/nodeRegistry';
import type { SecretBox } from './nodes/keyPassphrases';
import { FleetRefresher, largestScannedRoot } from './services/fleet/fleetRefresher';
import { createWatching, type Watching } from './watching';
import { SourceAnalyzer, requireInsideRoots } from './services/sources/sourceAnalyzer';
import { openSourceOverrides } from './store/sourceOverrides';

/** After start-up work, not during it: the warm-up is a few hundred ms of CPU in two threads. */
const HELD_WARM_UP_DELAY_MS = 1_500;

export interface BackendOptions {
  dataDir: string;
  frontDoor: 'ipc' | 'websocket' | 'cli';
  nativeBinding?: string;
  /** Electron's safeStorage (desktop only): key passphrases are persisted only through it. */
  secretBox?: SecretBox | null;
  /** SSH host key settings; the CLI's --known-hosts and --accept-new land here. */
  ssh?: { knownHostsFiles?: string[]; trustFile?: string; acceptNewHostKeys?: boolean; readyTimeoutMs?: number; env?: NodeJS.ProcessEnv };
  /** Live-watch settings (tests shorten intervals). */
  watch?: Parameters<typeof createWatching>[0]['service'];
}

export interface Backend {
  dispatcher: Dispatcher;
  events: EventHub;
  store: StateStore;
  scans: ScanJobs;
  watching: Watching;
  /** This machine and the SSH nodes: states, connections, transports (a NodeDirectory for the fleet). */
  nodes: NodeRegistry;
  /** Resolves once the scan has ended and, when it completed, its snapshot is in the store. */
  scanSettled(jobId: string): Promise<void>;
  close(): Promise<void>;
}

export function createBackend(opts: BackendOptions): Backend {
  const events = createEventHub();
  const opened = openStoreOrTemporary({ dataDir: opts.dataDir, nativeBinding: opts.nativeBinding }, temporaryStoreParents(process.env));
  const store = opened.store;
  if (opened.notice) console.error(`spoolscope: ${opened.notice}`);
  const local = new LocalTransport();
  const nodes = new NodeRegistry({ store, dataDir: opts.dataDir, local, secretBox: opts.secretBox ?? null, ...opts.ssh });
  nodes.onState((n) => events.emit('nodes.state', n));
  const transportFor = (node: string): Transport => nodes.transportFor(node);
  const scans = new ScanJobs({ transportFor, onProgress: (p) => events.emit('scan.progress', p) });
  const settling = new Map<string, Promise<void>>();
  const held = heldReaderChoice(opts.frontDoor, process.env);
  if (held.warning) console.error(`spoolscope: ${held.warning}`);
  const heldProc = held.choice === 'in-process' ? new HeldProcReader() : null;
  const heldInProcess = (node: string) => (node === local.nodeName ? heldProc : null);
  const heldScanner = new HeldScanner({ transportFor, visibleBytesByDevice: (node) => scans.visibleBytesByDevice(node), inProcessProbe: heldInProcess });
  const warmUpHeld = async () => {
    const report = await heldScanner.warmUp(local.nodeName, WARM_UP_SCANS);
    // The dispatcher checks each response against its schema; zod compiles that check on first use.
    if (report) contract['held.scan'].response.safeParse(report);
  };
  const warmUp = heldProc
    ? setTimeout(() => warmUpHeld().catch((err: Error) => console.error(`spoolscope: held reader warm-up stopped: ${err.message}`)), HELD_WARM_UP_DELAY_MS)
    : null;
  warmUp?.unref();
  const heldReclaimer = new HeldReclaimer({ transportFor, scan: (node) => heldScanner.scan(node), store });
  const reaper = new Reaper({ transportFor, store, onProgress: (p) => events.emit('reap.progress', p), scanReference: (jobId) => scanReferenceOf(scans, jobId) });
  const fleet = new FleetRefresher({
    directory: nodes,
    inProcessProbe: heldInProcess,
    largestRoot: (node) => largestScannedRoot(store, node),
    onRows: (rows) => events.emit('fleet.rows', { rows }),
  });
  const sourceAnalyzer = new SourceAnalyzer({ transportFor });
  const sourceOverrides = openSourceOverrides(store.path, opts.nativeBinding);
  const watching = createWatching({ store, nativeBinding: opts.nativeBinding, events, transportFor, heldScan: (node) => heldScanner.scan(node), service: opts.watch });

  const dispatcher = createDispatcher({
    'app.info': () => ({ version: appVersion(), frontDoor: opts.frontDoor, dataDir: opts.dataDir, hostname: hostname(), storeNotice: store.temporaryNotice }),
    'node.filesystems': ({ node }) => readFilesystems(transportFor(node)),
    'roots.list': ({ node }) => ({ roots: store.listRoots(node) }),
    'roots.add': ({ node, path }) => ({ roots: store.addRoot(node, path) }),
    'roots.remove': ({ node, path }) => ({ roots: store.removeRoot(node, path) }),
    'scan.start': ({ node, root }) => {
      transportFor(node);
      const jobId = scans.start(node, root);
      // Completed scans become snapshots: partition sizes per scan, for growth history.
      const settled = scans.wait(jobId).then((p) => {
        if (p.state !== 'done') return;
        try {
          store.recordScan(node, scans.summary(jobId), Date.now());
        } catch (err) {
          // A full disk must not fail the scan that is meant to explain it: say so and go on.
          console.error(`spoolscope: could not record the scan of ${root} in the state store: ${(err as Error).message}`);
        }
      });
      settling.set(jobId, settled);
      void settled.finally(() => settling.delete(jobId));
      return { jobId };
    },
    'scan.cancel': ({ jobId }) => ({ cancelled: scans.cancel(jobId) }),
    'scan.progress': ({ jobId }) => scans.progress(jobId),
    'scan.summary': ({ jobId }) => scans.summary(jobId),
    'scan.tree': ({ jobId, nodeId, depth, topN }) => ({
      tree: scans.tree(jobId, nodeId, depth, topN),
      progress: scans.progress(jobId),
    }),
    'held.scan': ({ node }) => heldScanner.scan(node),
    'held.plan': ({ node, pid, fds }) => heldReclaimer.plan(node, pid, fds),
    'held.reclaim': ({ planId }) => heldReclaimer.reclaim(planId),
    'reap.policy.get': ({ node, root }) => store.getReapPolicy(node, root),
    'reap.policy.set': ({ node, root, policy }) => store.setReapPolicy(node, root, policy),
    'reap.plan': ({ node, root, policy, partitions, scanJobId }) => reaper.plan({ node, root, policy, partitions, scanJobId }),
    'reap.execute': ({ planId }) => reaper.execute(planId),
    // A terminal user may point at any path; the renderer only inside a configured root.
    'sources.analyze': ({ node, path, override }, ctx) => {
      const checked = ctx.frontDoor === 'cli' ? path : requireInsideRoots(path, store.listRoots(node).map((r) => r.path));
      return sourceAnalyzer.analyze(node, checked, { override: override ?? sourceOverrides.forPath(node, checked) });
    },
    'sources.override.get': ({ node, root }) => ({ override: sourceOverrides.get(node, root) }),
    'sources.override.set': ({ node, root, override }) => ({ override: sourceOverrides.set(node, root, override) }),
    'reap.audit': ({ node, limit }) => ({ entries: store.listAudit(node, limit).map(({ id, at, action, phase, planId, detail }) => ({ id, at, action, phase, planId, detail })) }),
    'nodes.list': () => ({ nodes: nodes.list() }),
    'nodes.add': async ({ config }) => ({ nodes: await nodes.add(config) }),
    'nodes.remove': async ({ name }) => ({ nodes: await nodes.remove(name) }),
    'nodes.importSshConfig': ({ path }) => nodes.importSshConfig(path),
    'nodes.connect': ({ name }) => nodes.connect(name),
    'nodes.trustHostKey': ({ name, fingerprint }) => nodes.trustHostKey(name, fingerprint),
    'nodes.unlockKey': ({ name, passphrase, remember }) => nodes.unlockKey(name, passphrase, remember),
    'fleet.rows': () => ({ rows: fleet.rows() }),
    'fleet.refresh': ({ names }) => ({ started: fleet.refresh(names) }),
    ...watching.handlers,
  });

  return {
    dispatcher,
    events,
    store,
    scans,
    watching,
    nodes,
    scanSettled: (jobId) => settling.get(jobId) ?? scans.wait(jobId).then(() => undefined),
    async close() {
      await Promise.all([scans.cancelAll(), fleet.close(), watching.close()]);
      await Promise.allSettled([...settling.values()]);
      await nodes.close();
      await local.close();
      if (warmUp) clearTimeout(warmUp);
      await heldProc?.close();
      sourceOverrides.close();
      store.close();
      opened.removeTemporary();
    },
  };
}
