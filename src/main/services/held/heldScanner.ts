// Disk held by deleted-but-open files on a node: runs the held probe, accounts it per holder and reconciles
// it with df per filesystem (visible in scanned roots + held + the rest = used).
import type { HeldReport } from '../../../shared/heldModels';
import { accountHeld, parseHeldOutput } from '../../core/held/heldRecords';
import { reconcile } from '../../core/held/heldReconcile';
import { formatCount } from '../../core/held/heldText';
import { probeScripts } from '../../probe/probeScripts';
import type { ExecHandle, ExecLimits, Transport } from '../../transport/transport';
import { readFilesystems } from '../common/filesystems';
import { limitMessage, probeWarnings } from '../common/probeErrors';
import { collectOutput } from '../../transport/execOutput';

export const HELD_LIMITS: ExecLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxRecords: 2_000_000,
  recordTerminator: 0,
  timeoutMs: 60_000,
  maxStderrBytes: 16 * 1024,
};

export interface HeldScannerOptions {
  transportFor(node: string): Transport;
  /** Allocated bytes in scanned roots per device (st_dev), for the df/du reconciliation. */
  visibleBytesByDevice(node: string): Map<number, number>;
  limits?: ExecLimits;
  now?: () => number;
  /**
   * The same probe read in-process, where a node has that (this machine: localProc/heldProcReader); null
   * runs the script through the transport. Its records are the script's, so everything after is shared.
   */
  inProcessProbe?: (node: string) => InProcessProbe | null;
}

export interface InProcessProbe {
  run(limits: ExecLimits): ExecHandle;
  /** A bounded scan whose result is dropped, to get the reader and this side compiled (see warmUp). */
  warmUpScan(): ExecHandle;
  readonly isClosed: boolean;
}

export class HeldScanner {
  constructor(private readonly opts: HeldScannerOptions) {}

  scan(node: string): Promise<HeldReport> {
    const inProcess = this.opts.inProcessProbe?.(node) ?? null;
    return this.scanWith(node, inProcess && ((limits) => inProcess.run(limits)));
  }

  /**
   * Runs `scans` warm-up scans through the whole path (the node's in-process reader, bounded, then df,
   * parsing, accounting, reconciling), dropping the reports: a long-lived backend calls it once after
   * start, so the first scan a user asks for is not the one that gets the code compiled. Returns the last
   * report, for the caller to warm what comes after (the response check).
   */
  async warmUp(node: string, scans: number): Promise<HeldReport | null> {
    const inProcess = this.opts.inProcessProbe?.(node);
    let last: HeldReport | null = null;
    let failed = false;
    const warmUpScan = () => {
      const handle = inProcess!.warmUpScan();
      void handle.outcome.then((o) => (failed ||= o.exitCode !== 0 && !o.limitHit));
      return handle;
    };
    for (let i = 0; inProcess && i < scans && !inProcess.isClosed && !failed; i++) last = await this.scanWith(node, warmUpScan, false);
    return failed ? null : last;
  }

  /** `inProcess` runs the probe in-process (this machine's reader); null runs the script on the node. */
  private async scanWith(node: string, inProcess: ((limits: ExecLimits) => ExecHandle) | null, scriptIfInProcessFails = true): Promise<HeldReport> {
    const transport = this.opts.transportFor(node);
    // df and the probe do not depend on each other; on a busy node each takes a while.
    const [probe, filesystems] = await Promise.all([this.runProbe(inProcess, transport, scriptIfInProcessFails), readFilesystems(transport).catch((err: Error) => err)]);
    const data = parseHeldOutput(probe.output);
    const acc = accountHeld(data);
    const errors: string[] = [];
    let partial = false;
    if (data.probeUid !== 0) {
      partial = true;
      errors.push(`running as uid ${data.probeUid ?? '?'}, not root: only that user's processes are visible`);
    }
    if (data.hiddenPids.size > 0) {
      partial = true;
      const pids = [...data.hiddenPids].sort((a, b) => a - b);
      errors.push(`open files of ${formatCount(pids.length, 'process', 'processes')} could not be read (pid ${pids.slice(0, 10).join(', ')}${pids.length > 10 ? ', ...' : ''})`);
    }
    const limited = limitMessage(probe.outcome);
    if (limited) {
      partial = true;
      errors.push(`held probe ${limited}`);
    }
    errors.push(...probeWarnings(probe.outcome, 10));
    if (data.malformed > 0) errors.push(`${data.malformed} malformed held-probe records skipped`);
    if (acc.moreHolders.count > 0) errors.push(`${formatCount(acc.moreHolders.count, 'more holder', 'more holders')} not listed (${acc.moreHolders.heldBytes} bytes)`);
    let reconciled: HeldReport['filesystems'] = [];
    if (filesystems instanceof Error) {
      partial = true;
      errors.push(`filesystem figures unavailable: ${filesystems.message}`);
    } else {
      reconciled = reconcile(acc.files, this.opts.visibleBytesByDevice(node), data.mounts, filesystems.filesystems);
      if (filesystems.partial) errors.push(...filesystems.errors.map((e) => `df: ${e}`));
    }
    return {
      holders: acc.holders,
      filesystems: reconciled,
      totalHeldBytes: acc.totalHeldBytes,
      memory: acc.memory,
      memoryBytes: acc.memoryBytes,
      moreMemory: acc.moreMemory,
      partial,
      errors,
      scannedAt: (this.opts.now ?? Date.now)(),
    };
  }

  private async runProbe(inProcess: ((limits: ExecLimits) => ExecHandle) | null, transport: Transport, scriptIfInProcessFails: boolean) {
    const limits = this.opts.limits ?? HELD_LIMITS;
    if (inProcess) {
      const r = await collectOutput(inProcess(limits));
      // A reader that could not run at all (no worker threads) must not cost the answer: the script still can.
      if (r.outcome.exitCode === 0 || r.outcome.limitHit || !scriptIfInProcessFails) return r;
      console.error(`spoolscope: in-process held scan failed (${r.outcome.stderr.trim()}); running the held probe script instead`);
    }
    return collectOutput(transport.exec(probeScripts.held, Buffer.alloc(0), limits));
  }
}
