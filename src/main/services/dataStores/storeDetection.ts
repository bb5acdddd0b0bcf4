// Data-store detection on a node: the data-stores probe lists the locations (and every fd and lock on their
// filesystems), detection picks the few files whose first bytes or text it needs, a second run of the same
// probe reads them, and core/dataStores judges. The same fixed script text runs here and over SSH.
import { DirIndex } from '../../core/dataStores/dirIndex';
import { detectStores, pickReads } from '../../core/dataStores/detectStores';
import type { DetectedStore } from '../../core/dataStores/detectedStore';
import { listingInput, parseStoreListing, parseStoreReads, readInput, type ListedEntry, type ProbeLocation, type ReadRequest, type StoreListing, type StoreReads } from '../../core/dataStores/storeRecords';
import { displayName } from '../../core/common/displayName';
import { probeScripts } from '../../probe/probeScripts';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import { limitMessage, probeRefusal, probeWarnings } from '../common/probeErrors';

/** How deep a location is listed: a PostgreSQL cluster's archive_status is 5 levels below /var/lib/postgresql. */
export const STORE_DEPTH = 8;

/**
 * The listing run: a location tree of up to 2M entries (a million-file root is partial, said so, rather than
 * held whole), 256 MB, 2 minutes.
 */
export const LISTING_LIMITS: ExecLimits = { maxBytes: 256 * 1024 * 1024, maxRecords: 2_000_000, recordTerminator: 0, timeoutMs: 120_000, maxStderrBytes: 16 * 1024 };
/** The read run: at most MAX_READS files, 8 bytes or 64 KiB each. */
const READ_LIMITS: ExecLimits = { maxBytes: 64 * 1024 * 1024, maxRecords: 20_000, recordTerminator: 0, timeoutMs: 60_000, maxStderrBytes: 16 * 1024 };

export interface NodeDetection {
  listing: StoreListing;
  index: DirIndex;
  reads: StoreReads;
  stores: DetectedStore[];
  partial: boolean;
  warnings: string[];
}

async function run(transport: Transport, args: string[], limits: ExecLimits, signal?: AbortSignal): Promise<{ out: Buffer; warnings: string[]; partial: boolean }> {
  const handle = transport.exec(probeScripts.dataStores, nulInput(args), limits, signal);
  const chunks: Buffer[] = [];
  for await (const c of handle.stdout) chunks.push(c);
  const outcome = await handle.outcome;
  const warnings: string[] = [];
  const refusal = probeRefusal(outcome);
  if (refusal) warnings.push(`the data-stores probe refused its input: ${refusal}`);
  const limited = limitMessage(outcome);
  if (limited) warnings.push(`the data-stores probe ${limited}`);
  warnings.push(...probeWarnings(outcome, 5).map((w) => `data-stores probe: ${w}`));
  return { out: Buffer.concat(chunks), warnings, partial: refusal !== null || limited !== null };
}

export interface DetectOptions {
  /** Entries listed elsewhere (a reap plan's facts), added to the probe's listing. */
  extraEntries?: readonly ListedEntry[];
  /** Files to read besides what detection picks (logrotate's configuration), chosen from the listing. */
  extraReads?: (index: DirIndex) => ReadRequest[];
  signal?: AbortSignal;
}

export async function detectOnNode(transport: Transport, locations: readonly ProbeLocation[], opts: DetectOptions = {}): Promise<NodeDetection> {
  const listed = await run(transport, listingInput(locations), LISTING_LIMITS, opts.signal);
  const listing = parseStoreListing(listed.out);
  const warnings = [...listed.warnings];
  let partial = listed.partial;
  listing.locations.forEach((l, i) => {
    if (l && 'missing' in l && l.missing !== 'not-found') {
      warnings.push(`${displayName(locations[i]?.path ?? '?')} could not be looked at: ${l.missing}`);
      partial = true;
    }
  });
  if (listing.hiddenProcesses > 0) {
    warnings.push(`the open files of ${listing.hiddenProcesses} process${listing.hiddenProcesses === 1 ? '' : 'es'} could not be read as this user: a store they hold looks idle; run as root`);
    partial = true;
  }
  if (listing.malformed > 0) warnings.push(`${listing.malformed} data-stores probe records could not be read`);
  const index = new DirIndex([...listing.entries, ...(opts.extraEntries ?? [])]);
  const wanted = pickReads(index, opts.extraReads?.(index));
  let reads: StoreReads = { magic: new Map(), texts: new Map(), unreadable: new Set() };
  if (wanted.length > 0) {
    const r = await run(transport, readInput(wanted), READ_LIMITS, opts.signal);
    reads = parseStoreReads(r.out);
    warnings.push(...r.warnings);
    partial ||= r.partial;
  }
  const stores = detectStores({ index, reads, holders: { fds: listing.fds, locks: listing.locks, comms: listing.comms, cmdlines: listing.cmdlines } });
  return { listing, index, reads, stores, partial, warnings };
}
