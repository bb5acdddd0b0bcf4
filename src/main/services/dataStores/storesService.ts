// `stores.list`: the data stores on a node (databases, brokers, journals, container logs, system caches) under
// a root, or under the configured roots and each kind's well-known home, each with its evidence, findings, the
// store's own safe actions and the settings that stop it recurring. Two seams for other work:
// - enrichers add a kind's findings that need more than the listing (PostgreSQL's read-only SQL, run as the
//   data directory's owner): `addEnricher`;
// - report hooks see every report with the detected stores before it is returned (minting ids for the
//   actions the tool runs itself): `addReportHook`.
import { WELL_KNOWN_STORE_LOCATIONS, type DataStore, type DataStoreKind, type StoreFinding, type StoresReport } from '../../../shared/dataStoreModels';
import { normalizeRootPath } from '../../../shared/rootPath';
import { displayName } from '../../core/common/displayName';
import type { DetectedStore } from '../../core/dataStores/detectedStore';
import type { DirIndex } from '../../core/dataStores/dirIndex';
import { toDataStore } from '../../core/dataStores/storeGuidance';
import type { ProbeLocation } from '../../core/dataStores/storeRecords';
import type { Transport } from '../../transport/transport';
import { LOGROTATE_DIR, logrotateReads, logrotateStores } from './logrotateCoverage';
import { detectOnNode, STORE_DEPTH, type NodeDetection } from './storeDetection';

export interface EnrichInput {
  node: string;
  transport: Transport;
  /** As detected: raw paths, details, holders. */
  detected: DetectedStore;
  signal: AbortSignal;
}

/** What an enricher adds to a store: appended after what detection wrote. */
export interface Enrichment {
  findings?: DataStore['findings'];
  actions?: DataStore['actions'];
  configHints?: DataStore['configHints'];
  /**
   * What of detection's guidance the enrichment replaces, removed before it is appended: findings by code (a
   * file-based guess the server's own figure answers), hints by key (now with their current values), actions
   * whose command starts with a prefix (a command the enrichment gives again with what it frees).
   */
  supersedes?: { findingCodes?: readonly string[]; configHintKeys?: readonly string[]; actionCommandPrefixes?: readonly string[] };
}

export interface StoreEnricher {
  /** For people and for the finding that says it failed. */
  name: string;
  kinds: readonly DataStoreKind[];
  enrich(input: EnrichInput): Promise<Enrichment>;
}

/** Sees each report and its detected stores (same order as `report.stores` up to the logrotate entries). */
export type ReportHook = (report: StoresReport, detected: readonly DetectedStore[], node: string, index: DirIndex) => void | Promise<void>;

export interface StoresServiceOptions {
  transportFor(node: string): Transport;
  /** The node's configured roots. */
  roots(node: string): string[];
  enrichers?: StoreEnricher[];
  now?: () => number;
}

/** An enricher gets this long per store; past it the store says so and the report goes out without it. */
export const ENRICH_TIMEOUT_MS = 20_000;
/** Stores reported at most (largest first); the rest are counted in a warning. */
export const MAX_STORES = 500;

export class StoresService {
  private readonly enrichers: StoreEnricher[];
  private readonly hooks: ReportHook[] = [];

  constructor(private readonly opts: StoresServiceOptions) {
    this.enrichers = [...(opts.enrichers ?? [])];
  }

  addEnricher(e: StoreEnricher): void {
    this.enrichers.push(e);
  }

  addReportHook(h: ReportHook): void {
    this.hooks.push(h);
  }

  /** Where `list` looks: the root, or the configured roots and the well-known locations. */
  locationsFor(node: string, root?: string): string[] {
    if (root !== undefined) return [normalizeRootPath(root)];
    return [...new Set([...this.opts.roots(node).map(normalizeRootPath), ...WELL_KNOWN_STORE_LOCATIONS])];
  }

  /** Detection only, for a caller that judges files by it (a reap plan, the executor's re-check). */
  detect(node: string, locations: readonly ProbeLocation[], extra: Parameters<typeof detectOnNode>[2] = {}): Promise<NodeDetection> {
    return detectOnNode(this.opts.transportFor(node), locations, extra);
  }

  async list(req: { node: string; root?: string }): Promise<StoresReport> {
    const transport = this.opts.transportFor(req.node);
    const locations = this.locationsFor(req.node, req.root);
    // logrotate's include directory is listed (one level) so its stanza files can be read in the same run.
    const probeLocations: ProbeLocation[] = [...locations.map((path) => ({ path, depth: STORE_DEPTH })), { path: LOGROTATE_DIR, depth: 1 }];
    const det = await detectOnNode(transport, probeLocations, { extraReads: logrotateReads });
    const warnings = [...det.warnings];
    const detected = det.stores.slice(0, MAX_STORES);
    if (det.stores.length > MAX_STORES) warnings.push(`${det.stores.length - MAX_STORES} more stores not shown (the ${MAX_STORES} largest are)`);
    const stores = detected.map(toDataStore);
    await this.enrich(req.node, transport, detected, stores);
    const now = det.listing.now ?? Math.floor((this.opts.now ?? Date.now)() / 1000);
    stores.push(...logrotateStores(det.index, det.reads, det.listing.locations.flatMap((l, i) => (l && 'path' in l && i < locations.length ? [l.path] : [])), now, det.listing.utcOffsetSeconds ?? 0));
    const report: StoresReport = { node: req.node, locations, stores, partial: det.partial, warnings };
    for (const h of this.hooks) await h(report, detected, req.node, det.index);
    return report;
  }

  private async enrich(node: string, transport: Transport, detected: readonly DetectedStore[], stores: DataStore[]): Promise<void> {
    await Promise.all(
      detected.map(async (d, i) => {
        for (const e of this.enrichers.filter((x) => x.kinds.includes(d.kind))) {
          const ctl = new AbortController();
          let timer: NodeJS.Timeout | undefined;
          try {
            const timeout = new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                ctl.abort();
                reject(new Error(`no answer within ${ENRICH_TIMEOUT_MS / 1000} s`));
              }, ENRICH_TIMEOUT_MS);
            });
            const more = await Promise.race([e.enrich({ node, transport, detected: d, signal: ctl.signal }), timeout]);
            const gone = more.supersedes ?? {};
            stores[i].findings = stores[i].findings.filter((f) => !gone.findingCodes?.includes(f.code));
            stores[i].configHints = stores[i].configHints.filter((h) => !gone.configHintKeys?.includes(h.key));
            stores[i].actions = stores[i].actions.filter((a) => !gone.actionCommandPrefixes?.some((p) => a.command.startsWith(p)));
            stores[i].findings.push(...(more.findings ?? []));
            stores[i].actions.push(...(more.actions ?? []));
            stores[i].configHints.push(...(more.configHints ?? []));
          } catch (err) {
            const finding: StoreFinding = { code: 'enricher-failed', text: `${e.name} could not run on ${displayName(d.path)}: ${err instanceof Error ? err.message : String(err)}`, bytes: null };
            stores[i].findings.push(finding);
          } finally {
            clearTimeout(timer);
          }
        }
      }),
    );
  }
}
