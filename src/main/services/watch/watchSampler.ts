// One run of the sample probe on a node: the root's filesystem, the sizes of the hot entries, and (when
// asked) recently changed files and the processes writing under the root, with their io and memory.
import { linkPatternUnder, parseSampleOutput, type SampleRecords } from '../../core/watch/sampleRecords';
import { probeScripts } from '../../probe/probeScripts';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import { limitMessage, probeRefusal } from '../common/probeErrors';
import { collectOutput } from '../../transport/execOutput';

export const SAMPLE_LIMITS: ExecLimits = {
  maxBytes: 8 * 1024 * 1024,
  // Records beyond this (a root where thousands of files changed) are cut: the sample is partial, not late.
  maxRecords: 50_000,
  recordTerminator: 0,
  timeoutMs: 20_000,
  maxStderrBytes: 4 * 1024,
};
/** xargs gets one command line; paths past this many input bytes wait for a later sample. */
export const MAX_SAMPLE_INPUT_BYTES = 96 * 1024;
export const MAX_SAMPLE_PIDS = 64;

export interface SampleRequest {
  /** Raw bytes (latin1). */
  root: string;
  /** Absolute raw paths to measure. */
  measure: readonly string[];
  pids: readonly number[];
  /** Look for files changed in the last N minutes (0: do not). */
  recentMinutes: number;
  findWriters: boolean;
}

export interface SampleResult extends SampleRecords {
  errors: string[];
  /** Paths not sent because the input would have been too long. */
  deferred: number;
}

export async function runSample(transport: Transport, req: SampleRequest, signal?: AbortSignal, limits: ExecLimits = SAMPLE_LIMITS): Promise<SampleResult> {
  const pids = req.pids.slice(0, MAX_SAMPLE_PIDS).map(String);
  const head = [req.root, String(Math.max(0, Math.trunc(req.recentMinutes))), req.findWriters ? linkPatternUnder(req.root) : '', String(pids.length), ...pids];
  let size = head.reduce((n, s) => n + Buffer.byteLength(s, 'latin1') + 1, 0);
  const paths: Buffer[] = [];
  let deferred = 0;
  for (const p of req.measure) {
    const b = Buffer.from(p, 'latin1');
    if (size + b.length + 1 > MAX_SAMPLE_INPUT_BYTES) {
      deferred++;
      continue;
    }
    size += b.length + 1;
    paths.push(b);
  }
  const stdin = nulInput([...head.map((s) => Buffer.from(s, 'latin1')), ...paths]);
  const { output, outcome } = await collectOutput(transport.exec(probeScripts.sample, stdin, limits, signal));
  const parsed = parseSampleOutput(output.toString('latin1'));
  const errors: string[] = [];
  const refusal = probeRefusal(outcome);
  if (refusal) errors.push(`the root ${refusal}`);
  const limited = limitMessage(outcome);
  if (limited) errors.push(`sample ${limited}`);
  if (!parsed.filesystem && !refusal) errors.push(`could not read the root's filesystem: ${outcome.stderr.trim().split('\n')[0] || `exit ${outcome.exitCode}`}`);
  return { ...parsed, errors, deferred };
}
