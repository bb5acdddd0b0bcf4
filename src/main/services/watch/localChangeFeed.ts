// Notices changes under a local root and only marks the changed path (the sample measures it): inotify
// with one watch per directory (dirWatchFeed.ts) where it works, chokidar's polling where it cannot
// (network and FUSE filesystems, where changes made on another host never reach inotify) or runs out
// (ENOSPC: the inotify watch limit; EMFILE; more directories than the cap). Bounded depth, ignore
// patterns. Paths are handed on as raw bytes (latin1 strings).
import type { FSWatcher } from 'chokidar';
import { statfsSync } from 'node:fs';
import { DirWatchFeed, IGNORED_DIR, IGNORED_FILE } from './dirWatchFeed';

/** Filesystems whose changes inotify does not see (made on another host) or does not support. */
const NO_INOTIFY = /^(nfs4?|cifs|smb3?|9p|fuse\..*|fuse|ceph|glusterfs|afs|lustre|gpfs|beegfs|vboxsf|vmhgfs)$/;
/** The noise the inotify feed skips: a path through an ignored directory, or an ignored file name. */
const ignored = (p: string) => IGNORED_FILE.test(p) || p.split('/').some((part) => IGNORED_DIR.test(part));

export const DEFAULT_FEED_DEPTH = 6;
export const DEFAULT_FEED_MAX_DIRS = 8192;
export const DEFAULT_POLL_INTERVAL_MS = 5000;

export interface ChangeFeedOptions {
  /** The root as text (a request's path). */
  root: string;
  fstype: string | null;
  /** A changed path, raw bytes in a latin1 string. */
  onChange: (rawPath: string) => void;
  /** Directory levels below the root that are watched. */
  depth?: number;
  maxDirs?: number;
  pollIntervalMs?: number;
  /** Force polling (tests; a user setting). */
  forcePolling?: boolean;
  onModeChange?: (mode: 'inotify' | 'polling', why: string | null) => void;
}

/** statfs f_type of filesystems inotify cannot see changes on (linux/magic.h): NFS, SMB/CIFS, FUSE, 9p, Ceph, AFS. */
const REMOTE_MAGIC = new Set([0x6969, 0xff534d42, 0xfe534d42, 0x517b, 0x65735546, 0x01021997, 0x00c36400, 0x5346414f]);

/** Whether changes under `root` can be missed by inotify (a network or FUSE filesystem); false when unknown. */
export function needsPolling(root: string): boolean {
  try {
    return REMOTE_MAGIC.has(Number(statfsSync(root).type) >>> 0);
  } catch {
    return false;
  }
}

const rawOfText = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

export class LocalChangeFeed {
  private dirs: DirWatchFeed | null = null;
  private poller: FSWatcher | null = null;
  private closed = false;
  mode: 'inotify' | 'polling';
  /** Resolves once the initial watches are set up. */
  readonly ready: Promise<void>;

  constructor(private readonly opts: ChangeFeedOptions) {
    const remote = opts.fstype !== null ? NO_INOTIFY.test(opts.fstype) : needsPolling(opts.root);
    this.mode = opts.forcePolling || remote ? 'polling' : 'inotify';
    this.ready = this.mode === 'inotify' ? this.openInotify() : this.openPolling();
  }

  private openInotify(): Promise<void> {
    this.dirs = new DirWatchFeed({
      root: rawOfText(this.opts.root),
      depth: this.opts.depth ?? DEFAULT_FEED_DEPTH,
      maxDirs: this.opts.maxDirs ?? DEFAULT_FEED_MAX_DIRS,
      onChange: this.opts.onChange,
      onGiveUp: (why) => {
        // Out of inotify watches or past the cap: poll rather than miss changes silently.
        this.dirs?.close();
        this.dirs = null;
        if (this.closed) return;
        this.mode = 'polling';
        this.opts.onModeChange?.('polling', why);
        void this.openPolling();
      },
    });
    return this.dirs.start();
  }

  private async openPolling(): Promise<void> {
    // Loaded only when polling is needed: most feeds use inotify, and chokidar costs the CLI ~20 ms to load.
    const { watch } = await import('chokidar');
    if (this.closed) return;
    const interval = this.opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const w = watch(this.opts.root, {
      persistent: false,
      ignoreInitial: true,
      followSymlinks: false,
      depth: this.opts.depth ?? DEFAULT_FEED_DEPTH,
      usePolling: true,
      interval,
      binaryInterval: interval,
      ignorePermissionErrors: true,
      atomic: false,
      ignored,
    });
    // chokidar's paths are text: a name that is not UTF-8 arrives with U+FFFD in it; its directory is exact.
    const mark = (p: string) => this.opts.onChange(rawOfText(p.includes('\uFFFD') ? p.slice(0, p.lastIndexOf('/')) : p));
    w.on('add', mark);
    w.on('change', mark);
    w.on('unlink', mark);
    this.poller = w;
    return new Promise((resolve) => w.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.dirs?.close();
    this.dirs = null;
    await this.poller?.close();
    this.poller = null;
  }
}
