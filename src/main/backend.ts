// Composition root shared by the Electron entry, the WebSocket bridge and the CLI: it makes the services,
// hands them to each feature's handlers behind one dispatcher, and sends their events through one hub.
import { createDispatcher, type Dispatcher } from './rpc/dispatcher';
import { createEventHub, type EventHub } from './rpc/eventHub';
import { LocalTransport } from './transport/localTransport';
import type { Transport } from './transport/transport';
import type { StateStore } from './store/stateStore';
import { openStoreOrTemporary, temporaryStoreParents } from './store/storeOrTemporary';
import { HeldProcReader, WARM_UP_SCANS } from './localProc/heldProcReader';
import { heldReaderChoice } from './localProc/heldReaderChoice';
import { NodeRegistry } from './nodes/nodeRegistry';
import type { SecretBox } from './nodes/keyPassphrases';
import { SCAN_LIMITS, ScanJobs } from './services/scan/scanJobs';
import { ScanSnapshots } from './services/scan/scanSnapshots';
import { scanReferenceOf } from './services/scan/scanReference';
import { HeldScanner } from './services/held/heldScanner';
import { HeldReclaimer } from './services/held/heldReclaimer';
import { scheduleHeldWarmUp } from './services/held/heldWarmUp';
import { Reaper } from './services/reap/reaper';
import { FleetRefresher, largestScannedRoot } from './services/fleet/fleetRefresher';
import { SourceAnalyzer } from './services/sources/sourceAnalyzer';
import { createWatching, type Watching } from './services/watch/watching';
import { appHandlers } from './handlers/app';
import { rootsHandlers } from './handlers/roots';
import { scanHandlers } from './handlers/scan';
import { historyHandlers } from './handlers/history';
import { exportNcdu, type NcduExportResult } from './services/history/ncduExport';
import { importNcdu, type ImportResult } from './services/history/ncduImports';
import { ScanChanges } from './services/history/scanChanges';
import { exportTextfile, type TextfileExportReport, type TextfileExportRequest } from './services/export/textfileExport';
import { IMPORT_ACTIONS_DISABLED, IMPORT_LABEL_PREFIX } from '../shared/nodeNames';
import { RpcError } from '../shared/rpcResult';
import { heldHandlers } from './handlers/held';
import { reapHandlers } from './handlers/reap';
import { auditHandlers } from './handlers/audit';
import { sourcesHandlers } from './handlers/sources';
import { storesHandlers } from './handlers/dataStores';
import { StoresService } from './services/dataStores/storesService';
import { StoreActions } from './services/storeActions/storeActions';
import { storeActionHandlers } from './handlers/storeActions';
import { postgresFindingsEnricher } from './services/dataStores/postgresFindings';
import { nodesHandlers } from './handlers/nodes';
import { fleetHandlers } from './handlers/fleet';
import { fleetPrometheusHandlers } from './handlers/fleetPrometheus';
import { PrometheusFleetSource } from './services/fleet/prometheusFleetSource';
import { watchHandlers } from './handlers/watch';
import { settingsHandlers } from './handlers/settings';

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
  /** Data-store detection (issue 15): enrichers and report hooks are added here. */
  dataStores: StoresService;
  /** Resolves once the scan has ended and, when it completed, its snapshot is in the store. */
  scanSettled(jobId: string): Promise<void>;
  /**
   * Writes the root's exact listing as an ncdu export, straight from the scan probe's stream; the next chunk
   * waits for `write` (a stream, not a reply: no contract method carries it).
   */
  exportNcdu(node: string, root: string, progver: string, write: (chunk: Buffer) => Promise<void>, signal?: AbortSignal): Promise<NcduExportResult>;
  /** Reads an uploaded ncdu export (the browser's "Open ncdu export…"), as scan.importNcdu does a file. */
  importNcdu(body: AsyncIterable<Buffer>, fileName: string, label?: string): Promise<ImportResult>;
  /** Writes DIR/spoolscope.prom for node_exporter (spoolscope export --textfile): a file, not a reply, so no contract method. */
  exportTextfile(req: TextfileExportRequest): Promise<TextfileExportReport>;
  close(): Promise<void>;
}

const say = (message: string) => console.error(`spoolscope: ${message}`);

export function createBackend(opts: BackendOptions): Backend {
  const events = createEventHub();
  const opened = openStoreOrTemporary({ dataDir: opts.dataDir, nativeBinding: opts.nativeBinding }, temporaryStoreParents(process.env));
  const store = opened.store;
  if (opened.notice) say(opened.notice);
  const local = new LocalTransport();
  const nodes = new NodeRegistry({ store, dataDir: opts.dataDir, local, secretBox: opts.secretBox ?? null, ...opts.ssh });
  nodes.onState((n) => events.emit('nodes.state', n));
  // An import's label is no node: every probe, and so every action, on it is refused with the reason.
  const transportFor = (node: string): Transport => {
    if (node.startsWith(IMPORT_LABEL_PREFIX)) throw new RpcError('bad_request', `${node} is ${IMPORT_ACTIONS_DISABLED}`);
    return nodes.transportFor(node);
  };

  const scans = new ScanJobs({ transportFor, onProgress: (p) => events.emit('scan.progress', p) });
  const snapshots = new ScanSnapshots({ scans, store, onError: say });

  const held = heldReaderChoice(opts.frontDoor, process.env);
  if (held.warning) say(held.warning);
  const heldProc = held.choice === 'in-process' ? new HeldProcReader() : null;
  const heldInProcess = (node: string) => (node === local.nodeName ? heldProc : null);
  const heldScanner = new HeldScanner({ transportFor, visibleBytesByDevice: (node) => scans.visibleBytesByDevice(node), inProcessProbe: heldInProcess });
  const warmUp = heldProc ? scheduleHeldWarmUp(heldScanner, local.nodeName, WARM_UP_SCANS, say) : null;
  const heldReclaimer = new HeldReclaimer({ transportFor, scan: (node) => heldScanner.scan(node), store });

  const dataStores = new StoresService({ transportFor, roots: (node) => store.roots.list(node).map((r) => r.path), enrichers: [postgresFindingsEnricher] });
  // The tool actions of the stores a listing finds get their ids here (spoolscope act runs them).
  const storeActions = new StoreActions({ transportFor, store });
  dataStores.addReportHook((report, detected, _node, index) => void storeActions.mint(report, detected, index));
  const reaper = new Reaper({ transportFor, store, onProgress: (p) => events.emit('reap.progress', p), scanReference: (jobId) => scanReferenceOf(scans, jobId) });
  const fleet = new FleetRefresher({
    directory: nodes,
    inProcessProbe: heldInProcess,
    largestRoot: (node) => largestScannedRoot(store, node),
    onRows: (rows) => events.emit('fleet.rows', { rows }),
  });
  const promFleet = new PrometheusFleetSource({ settings: store.settings, nodes: () => nodes.list(), sshRows: () => fleet.rows() });
  const sourceAnalyzer = new SourceAnalyzer({ transportFor });
  const watching = createWatching({ store, events, transportFor, heldScan: (node) => heldScanner.scan(node), service: opts.watch });

  const imports = { scans, store, onError: say, onStored: (jobId: string, id: number) => snapshots.remember(jobId, id) };
  const dispatcher = createDispatcher({
    ...appHandlers({ frontDoor: opts.frontDoor, dataDir: opts.dataDir, store }),
    ...rootsHandlers({ store, transportFor }),
    ...scanHandlers({ scans, snapshots, transportFor }),
    ...historyHandlers({ store, snapshots, imports, changes: new ScanChanges({ scans, snapshots, store }) }),
    ...heldHandlers({ scanner: heldScanner, reclaimer: heldReclaimer }),
    ...reapHandlers({ store, reaper }),
    ...auditHandlers({ store }),
    ...sourcesHandlers({ store, analyzer: sourceAnalyzer }),
    ...storesHandlers({ stores: dataStores }),
    ...storeActionHandlers({ storeActions }),
    ...nodesHandlers(nodes),
    ...fleetHandlers(fleet),
    ...fleetPrometheusHandlers(promFleet),
    ...watchHandlers(watching),
    ...settingsHandlers({ store, events }),
  });

  return {
    dispatcher,
    events,
    store,
    scans,
    watching,
    nodes,
    dataStores,
    scanSettled: (jobId) => snapshots.settled(jobId),
    importNcdu: (body, fileName, label) => importNcdu(imports, body, fileName, label),
    exportNcdu: (node, root, progver, write, signal) => exportNcdu({ transport: transportFor(node), root, progver, limits: SCAN_LIMITS, write, signal }),
    exportTextfile: (req) =>
      exportTextfile(
        {
          call: async (method, request) => {
            const r = await dispatcher.call(method, request, { frontDoor: opts.frontDoor });
            if (!r.ok) throw new Error(r.message);
            return r.result as never;
          },
          scanSettled: (jobId) => snapshots.settled(jobId),
          oldestPartitionMtime: (jobId) => scans.oldestPartitionMtime(jobId),
          dataDir: opts.dataDir,
        },
        req,
      ),
    async close() {
      await Promise.all([scans.cancelAll(), fleet.close(), watching.close()]);
      await snapshots.drain();
      await nodes.close();
      await local.close();
      warmUp?.cancel();
      await heldProc?.close();
      store.close();
      opened.removeTemporary();
    },
  };
}
