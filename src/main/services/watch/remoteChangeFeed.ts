// The change feed of a remote node: inotifywait on the node (when inotify-tools is there), run through the
// node's transport as a fixed probe, its NUL-separated paths marking the watch's dirty set. A stream that
// ends by a limit (time, bytes) is restarted; a node without inotifywait, or an inotify limit, leaves the
// watch on its periodic look for changed files.
import { probeScripts } from '../../probe/probeScripts';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';

export const REMOTE_FEED_LIMITS: ExecLimits = {
  // A long-lived stream, bounded anyway: past these it is restarted, so nothing grows without end.
  maxBytes: 256 * 1024 * 1024,
  maxRecords: 5_000_000,
  recordTerminator: 0,
  timeoutMs: 30 * 60_000,
  maxStderrBytes: 4 * 1024,
};
/** The longest path kept while waiting for its NUL; a longer one is dropped (no path is that long). */
const MAX_PENDING_BYTES = 64 * 1024;

export interface RemoteChangeFeedOptions {
  transport: Transport;
  /** Raw bytes of the root (latin1). */
  root: string;
  onChange: (rawPath: string) => void;
  /** The feed is running ('inotify') or gave up (null, with the reason). */
  onMode: (mode: 'inotify' | null, why: string | null) => void;
  limits?: ExecLimits;
  restartDelayMs?: number;
}

export class RemoteChangeFeed {
  private readonly abort = new AbortController();
  private stopped = false;
  readonly done: Promise<void>;

  constructor(private readonly opts: RemoteChangeFeedOptions) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.opts.onMode('inotify', null);
      const handle = this.opts.transport.exec(probeScripts.watchChanges, nulInput([Buffer.from(this.opts.root, 'latin1')]), this.opts.limits ?? REMOTE_FEED_LIMITS, this.abort.signal);
      let pending = '';
      try {
        for await (const chunk of handle.stdout) {
          const parts = (pending + chunk.toString('latin1')).split('\0');
          pending = parts.pop() ?? '';
          if (pending.length > MAX_PENDING_BYTES) pending = '';
          for (const p of parts) if (p !== '') this.opts.onChange(p);
        }
      } catch {
        // the stream broke (connection lost): judged by the outcome below
      }
      const outcome = await handle.outcome.catch(() => null);
      if (this.stopped) return;
      const limited = outcome?.limitHit === 'time' || outcome?.limitHit === 'bytes' || outcome?.limitHit === 'records';
      if (!limited) {
        const stderr = outcome?.stderr ?? '';
        const why = /spoolscope-error: no-inotifywait/.test(stderr)
          ? 'inotifywait is not installed on the node (inotify-tools)'
          : /upper limit on inotify watches/i.test(stderr)
            ? 'the inotify watch limit of the node was reached (fs.inotify.max_user_watches)'
            : `inotifywait ended: ${stderr.trim().split('\n')[0] || `exit ${outcome?.exitCode ?? '?'}`}`;
        this.opts.onMode(null, why);
        return;
      }
      await new Promise((r) => setTimeout(r, this.opts.restartDelayMs ?? 1000));
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.done.catch(() => undefined);
  }
}
