// One interface for running a fixed probe script on a node, here or over SSH.
// Inputs go on stdin (NUL-separated); output is a bounded byte stream the caller pulls, so a slow
// consumer stops the remote producer instead of buffering without limit.

export interface ExecLimits {
  /** Stop after this many stdout bytes. */
  maxBytes: number;
  /** Stop after this many records (terminator bytes). */
  maxRecords: number;
  /** The byte that ends a record: 0 for NUL-separated probes, 10 for line output. */
  recordTerminator: number;
  /** Stop after this long. */
  timeoutMs: number;
  /** Bytes of stderr kept (the tail); the rest is counted and dropped. */
  maxStderrBytes: number;
}

export type LimitHit = 'bytes' | 'records' | 'time' | 'cancelled';

export interface ExecOutcome {
  exitCode: number | null;
  signal: string | null;
  /** Set when the command was ended by a limit or a cancel: the output is partial. */
  limitHit: LimitHit | null;
  stdoutBytes: number;
  stderr: string;
  stderrDroppedBytes: number;
}

export interface ExecHandle {
  /** Pull stdout chunks; not consuming pauses the producer (backpressure is the full policy). */
  stdout: AsyncIterable<Buffer>;
  /** Settles once the process has ended and stdout was drained or abandoned. */
  outcome: Promise<ExecOutcome>;
}

/**
 * A command's stdin: all of it at once, or chunks fed while it runs (pulled one at a time, each only once
 * the command has taken the last: the input, not a buffer, waits). Its stdin closes after the last chunk.
 */
export type ExecInput = Buffer | AsyncIterable<Buffer>;

export interface Transport {
  readonly nodeName: string;
  exec(script: string, stdin: ExecInput, limits: ExecLimits, signal?: AbortSignal): ExecHandle;
  close(): Promise<void>;
  /** Commands it runs at once at most (an SSH connection's channel pool); absent: no limit of its own. */
  readonly parallelChannels?: number;
}

export const DEFAULT_LIMITS: ExecLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxRecords: 1_000_000,
  recordTerminator: 10,
  timeoutMs: 30_000,
  maxStderrBytes: 16 * 1024,
};

/**
 * A body a probe reads off a stream that goes on after it: one line giving its length in bytes, then the
 * body. The shell reads the line, then exactly that many bytes (`dd bs=N count=1 iflag=fullblock`).
 */
export function lengthFramed(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${body.length}\n`), body]);
}

/** Inputs for a probe: each value NUL-terminated. */
export function nulInput(values: readonly (string | Buffer)[]): Buffer {
  return Buffer.concat(values.flatMap((v) => [typeof v === 'string' ? Buffer.from(v) : v, Buffer.from([0])]));
}
