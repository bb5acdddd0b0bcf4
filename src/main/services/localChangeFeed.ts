// Notices changes under a local root with chokidar and only marks the changed path (the sample measures
// it): bounded depth, ignore patterns, and polling where inotify cannot work (network and FUSE
// filesystems) or runs out (ENOSPC: the inotify watch limit; EMFILE).
import { watch, type FSWatcher } from 'chokidar';

/** Filesystems whose changes inotify does not see (made on another host) or does not support. */
const NO_INOTIFY = /^(nfs4?|cifs|smb3?|9p|fuse\..*|fuse|ceph|glusterfs|afs|lustre|gpfs|beegfs|vboxsf|vmhgfs)$/;
/** Editor swap files, temp files of atomic writes, VCS metadata: noise, not log growth. */
const IGNORED = /(^|\/)(\.git|\.hg|\.svn|node_modules)(\/|$)|\.(swp|swx|tmp)$|~$/;

export const DEFAULT_FEED_DEPTH = 6;
export const DEFAULT_POLL_INTERVAL_MS = 5000;

export interface ChangeFeedOptions {
  root: string;
  fstype: string | null;
  onChange: (path: string) => void;
  /** Directory levels below the root that are watched. */
  depth?: number;
  pollIntervalMs?: number;
  /** Force polling (tests; a user setting). */
  forcePolling?: boolean;
  onModeChange?: (mode: 'inotify' | 'polling', why: string | null) => void;
}

export class LocalChangeFeed {
  private watcher: FSWatcher | null = null;
  private closed = false;
  mode: 'inotify' | 'polling';

  constructor(private readonly opts: ChangeFeedOptions) {
    this.mode = opts.forcePolling || (opts.fstype !== null && NO_INOTIFY.test(opts.fstype)) ? 'polling' : 'inotify';
    this.open();
  }

  private open(): void {
    const polling = this.mode === 'polling';
    const w = watch(this.opts.root, {
      persistent: true,
      ignoreInitial: true,
      followSymlinks: false,
      depth: this.opts.depth ?? DEFAULT_FEED_DEPTH,
      usePolling: polling,
      interval: this.opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      binaryInterval: this.opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      ignorePermissionErrors: true,
      // chokidar's atomic-write handling delays unlinks by 100 ms per path: state we do not need.
      atomic: false,
      ignored: (p: string) => IGNORED.test(p),
    });
    const mark = (p: string) => this.opts.onChange(p);
    w.on('add', mark);
    w.on('change', mark);
    w.on('unlink', mark);
    w.on('error', (err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (!polling && (code === 'ENOSPC' || code === 'EMFILE')) {
        // Out of inotify watches or fds: fall back to polling rather than miss changes silently.
        this.mode = 'polling';
        this.opts.onModeChange?.('polling', code === 'ENOSPC' ? 'the inotify watch limit was reached (fs.inotify.max_user_watches)' : 'too many open files');
        void w.close();
        if (!this.closed) this.open();
      }
    });
    this.watcher = w;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.watcher?.close();
    this.watcher = null;
  }
}
