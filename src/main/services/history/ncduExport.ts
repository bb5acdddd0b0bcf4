// Writes a root's exact listing in ncdu's export format straight from the scan probe's stream (one find,
// depth first; not the folded scan tree). The consumer's pace is the probe's: the next chunk of the probe's
// output is read only once the last one was written (the "block" policy), so memory stays at one chunk plus
// the open directories.
import { ScanRecordParser } from '../../core/scan/scanRecordParser';
import { NcduWriter } from '../../core/history/ncduWriter';
import { probeScripts } from '../../probe/probeScripts';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import { limitMessage, probeRefusal, probeWarnings } from '../common/probeErrors';
import { RpcError } from '../../../shared/rpcResult';

export interface NcduExportResult {
  records: number;
  /** The listing misses something (a limit, unreadable directories): the export is still well formed. */
  partial: boolean;
  warnings: string[];
}

export interface NcduExportOptions {
  transport: Transport;
  root: string;
  progver: string;
  limits: ExecLimits;
  /** Writes one chunk; the next is not produced until it resolves. */
  write: (chunk: Buffer) => Promise<void>;
  signal?: AbortSignal;
  now?: () => number;
}

const FLUSH_BYTES = 64 * 1024;

export async function exportNcdu(opts: NcduExportOptions): Promise<NcduExportResult> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const out = (chunk: Buffer) => {
    pending.push(chunk);
    pendingBytes += chunk.length;
  };
  const flush = async (force: boolean) => {
    if (pendingBytes === 0 || (!force && pendingBytes < FLUSH_BYTES)) return;
    const chunk = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await opts.write(chunk);
  };
  const writer = new NcduWriter({ root: opts.root, progname: 'spoolscope', progver: opts.progver, timestamp: Math.floor((opts.now ?? Date.now)() / 1000) }, out);
  const parser = new ScanRecordParser((rec) => writer.add(rec));
  // A failed write (the reader went away) or a listing out of order ends the probe too.
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const handle = opts.transport.exec(probeScripts.scan, nulInput([opts.root, 'all']), opts.limits, abort.signal);
  let truncated: boolean;
  try {
    for await (const chunk of handle.stdout) {
      parser.push(chunk);
      await flush(false);
    }
    truncated = parser.end();
  } catch (err) {
    abort.abort();
    await handle.outcome.catch(() => undefined);
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const outcome = await handle.outcome;
  const refusal = probeRefusal(outcome);
  if (refusal) throw new RpcError(/^spoolscope-error: not-found/m.test(outcome.stderr) ? 'not_found' : 'io_error', `${opts.root} ${refusal}`);
  if (parser.stats.records === 0) throw new RpcError('io_error', `${opts.root} could not be listed: ${probeWarnings(outcome)[0] ?? `probe exited ${outcome.exitCode}`}`);
  writer.end();
  await flush(true);
  const warnings = probeWarnings(outcome);
  const limited = limitMessage(outcome);
  if (limited) warnings.unshift(limited);
  if (parser.stats.malformed > 0) warnings.push(`${parser.stats.malformed} malformed records skipped`);
  if (truncated) warnings.push('the listing ended mid-record');
  return { records: parser.stats.records, partial: warnings.length > 0 || outcome.exitCode !== 0, warnings };
}
