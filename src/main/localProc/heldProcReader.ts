// The held probe for this machine, read with Node's fs in two worker threads (heldProcWorker.js) instead of
// a shell pipeline: same records, same limits, same outcome shape as Transport.exec, in about two thirds
// of the script's time once warm (bench/held-bench.ts). The workers live between scans (starting them costs more than a scan) and are
// unref'd, so they never keep the process alive.
import { Worker } from 'node:worker_threads';
import type { ExecHandle, ExecLimits, LimitHit } from '../transport/transport';
import { OutputLimiter } from '../transport/limitedOutput';
import workerSource from './heldProcWorker.js?raw';

const WARM_UP_LIMITS: ExecLimits = { maxBytes: 16 * 1024 * 1024, maxRecords: 200_000, recordTerminator: 0, timeoutMs: 30_000, maxStderrBytes: 0 };

interface ScanResult {
  output: Buffer;
  limitHit: LimitHit | null;
  error: string | null;
}

interface WorkerAnswer {
  ok: boolean;
  output?: ArrayBuffer;
  limitHit?: 'bytes' | 'records' | null;
  error?: string;
}

/** Scans waiting behind the running one; past this a caller is refused rather than queued without end. */
export const MAX_WAITING_SCANS = 16;
/**
 * Warm-up: V8 compiles the stat loop of both threads (and the caller its parsing) only after several scans,
 * and until then a scan takes up to twice as long. A few scans of at most this many fds, their results
 * dropped, do it ahead of the user.
 */
export const WARM_UP_SCANS = 8;
const WARM_UP_MAX_FDS = 20_000;

export class HeldProcReader {
  private worker: Worker | null = null;
  private closed = false;
  private running = false;
  /** Scans waiting for the running one to end, in order. */
  private readonly waiting: (() => void)[] = [];

  /** Runs one scan (scans run one at a time: two would only share the same cores). */
  run(limits: ExecLimits, signal?: AbortSignal): ExecHandle {
    return this.handle(this.enqueue(limits, signal, null));
  }

  private handle(result: Promise<ScanResult>): ExecHandle {
    async function* stdout(): AsyncGenerator<Buffer> {
      const r = await result;
      if (r.output.length > 0) yield r.output;
    }
    return {
      stdout: stdout(),
      outcome: result.then((r) => ({
        exitCode: r.error ? 1 : 0,
        signal: null,
        limitHit: r.limitHit,
        stdoutBytes: r.output.length,
        stderr: r.error ? `held: ${r.error}\n` : '',
        stderrDroppedBytes: 0,
      })),
    };
  }

  /**
   * One warm-up scan: at most WARM_UP_MAX_FDS fds, for a caller that drops the result (HeldScanner.warmUp).
   * It waits its turn like any scan, so a real scan waits behind at most one of them.
   */
  warmUpScan(): ExecHandle {
    return this.handle(this.enqueue({ ...WARM_UP_LIMITS }, undefined, WARM_UP_MAX_FDS));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Starts the scan now when none is running: before the caller goes on to spawn df, whose fork would
   * otherwise delay the request to the worker by several ms. Otherwise it waits its turn, boundedly.
   */
  private enqueue(limits: ExecLimits, signal: AbortSignal | undefined, maxFds: number | null): Promise<ScanResult> {
    if (!this.running) return this.start(limits, signal, maxFds);
    if (this.waiting.length >= MAX_WAITING_SCANS) {
      return Promise.resolve({ output: Buffer.alloc(0), limitHit: null, error: `${this.waiting.length} held scans are already waiting on this machine; try again when they finish` });
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.start(limits, signal, maxFds))));
  }

  private start(limits: ExecLimits, signal: AbortSignal | undefined, maxFds: number | null): Promise<ScanResult> {
    this.running = true;
    const scan = this.scanOnce(limits, signal, maxFds);
    void scan.finally(() => {
      this.running = false;
      this.waiting.shift()?.();
    });
    return scan;
  }

  private scanOnce(limits: ExecLimits, signal: AbortSignal | undefined, maxFds: number | null): Promise<ScanResult> {
    if (this.closed) return Promise.resolve({ output: Buffer.alloc(0), limitHit: null, error: 'the held reader was closed' });
    if (signal?.aborted) return Promise.resolve({ output: Buffer.alloc(0), limitHit: 'cancelled', error: null });
    const worker = this.leadWorker();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (r: ScanResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(r);
      };
      // A scan that overruns or is cancelled cannot be interrupted inside a syscall loop any other way:
      // the workers are ended (a new pair starts with the next scan) and nothing of this one is kept.
      const stop = (why: LimitHit) => {
        this.discard(worker);
        finish({ output: Buffer.alloc(0), limitHit: why, error: null });
      };
      const timer = setTimeout(() => stop('time'), limits.timeoutMs);
      const onAbort = () => stop('cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      const onError = (err: Error) => {
        this.discard(worker);
        finish({ output: Buffer.alloc(0), limitHit: null, error: err.message });
      };
      // Ended without an error event (killed from outside): the scan must not wait for its time limit.
      const onExit = (code: number) => finish({ output: Buffer.alloc(0), limitHit: null, error: `the held reader stopped (exit ${code})` });
      const onMessage = (m: WorkerAnswer) => {
        if (!m.ok || !m.output) {
          finish({ output: Buffer.alloc(0), limitHit: null, error: m.error ?? 'no output' });
          return;
        }
        // The worker stops soon after a limit; the limiter cuts at exactly the limit, as for a probe.
        const limiter = new OutputLimiter(limits);
        const output = limiter.admit(Buffer.from(m.output));
        finish({ output, limitHit: limiter.hit ?? m.limitHit ?? null, error: null });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ maxBytes: limits.maxBytes, maxRecords: limits.maxRecords, ...(maxFds === null ? {} : { maxFds }) });
    });
  }

  private leadWorker(): Worker {
    if (!this.worker) {
      const w = new Worker(workerSource, { eval: true, workerData: { role: 'lead', source: workerSource } });
      w.unref();
      w.on('exit', () => {
        if (this.worker === w) this.worker = null;
      });
      this.worker = w;
    }
    return this.worker;
  }

  private discard(w: Worker): void {
    if (this.worker === w) this.worker = null;
    void w.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
