// A real systemd-journald for tests (root only), in a private mount namespace with tmpfs over /run and
// /var/log/journal: this machine's own /run and /var are never touched. Messages are written through its
// stdout socket (systemd-cat) and rotated with journalctl --rotate, so the archived files are journald's own.
// Readers that hold an archived file open (what rsyslog's imjournal does) are sleeps with the file on fd 3.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startMountNamespace, type MountNamespace } from './mountNamespace';

export const JOURNALD = '/lib/systemd/systemd-journald';
export const journaldInstalled = existsSync(JOURNALD) && existsSync('/usr/bin/journalctl') && existsSync('/usr/bin/systemd-cat');

export interface JournalFile {
  name: string;
  /** Allocated bytes (st_blocks x 512). */
  allocated: number;
}

export interface JournaldLab {
  ns: MountNamespace;
  /** /var/log/journal/<machine-id> inside the namespace. */
  dir: string;
  /** Writes about `bytes` of log text (lines of 32 KiB, under journald's LineMax) as one service. */
  write(bytes: number): void;
  rotate(): void;
  /** The directory's journal files, oldest first by name (archived names sort by sequence). */
  files(): JournalFile[];
  /** statvfs used bytes of /var/log/journal inside the namespace. */
  usedBytes(): number;
  /** A process holding `name` (in the journal directory) open read-only on fd 3, as a journal reader does. */
  holdOpen(name: string): Promise<ChildProcess>;
  /** Allocated bytes of what fd 3 of a reader holds now (0 once deallocated). */
  heldAllocated(reader: ChildProcess): number;
  stop(): Promise<void>;
}

const SETUP = `set -e
mount -t tmpfs -o size=64m,mode=755 tmpfs /run
mkdir -p /run/systemd/journal /run/sshd
# Its own settings, bound over the machine's file inside the namespace only: no rotation or vacuum of its own
# (files up to 64 MiB, 200 MiB in all) and no rate limit, so the archived files are exactly the test's
# rotations; no kernel messages, so nothing else writes while statvfs is read.
cat > /run/journald.conf <<'CONF'
[Journal]
Storage=persistent
SystemMaxUse=200M
SystemKeepFree=1M
SystemMaxFileSize=64M
RateLimitBurst=0
ReadKMsg=no
ForwardToSyslog=no
ForwardToWall=no
CONF
mount --bind /run/journald.conf /etc/systemd/journald.conf
if [ -d /var/log/journal ]; then
  mount -t tmpfs -o size=256m,mode=2755 tmpfs /var/log/journal
else
  mount -t tmpfs -o size=256m,mode=755 tmpfs /var/log
  mkdir /var/log/journal
fi
exec ${JOURNALD}`;

export async function startJournaldLab(): Promise<JournaldLab> {
  const ns = await startMountNamespace(SETUP, 'test -S /run/systemd/journal/stdout && test -S /run/systemd/journal/io.systemd.journal');
  try {
    // journald writes to /run until told /var is there (systemd-journal-flush.service does this at boot).
    ns.sh('journalctl --flush');
    const dir = ns.sh('for d in /var/log/journal/*/; do printf %s "${d%/}"; done');
    if (!dir.startsWith('/var/log/journal/')) throw new Error(`journald made no machine directory in /var/log/journal: ${dir}`);
    const lab: JournaldLab = {
      ns,
      dir,
      write(bytes) {
        // One long line per 32 KiB: journald's rate limit counts messages, not bytes.
        // --sync: journald has written every line it was sent before this returns (a stream is read apart).
        ns.sh('head -c "$1" /dev/urandom | base64 -w 32768 | systemd-cat -t spoolscope-spam && journalctl --sync', String(Math.ceil((bytes * 3) / 4)));
      },
      rotate() {
        ns.sh('journalctl --sync && journalctl --rotate');
      },
      files() {
        const out = ns.sh('cd "$1" && for f in *.journal*; do [ -f "$f" ] && printf "%s/%s\\n" "$(stat -c %b "$f")" "$f"; done; true', dir);
        return out
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => {
            const slash = l.indexOf('/');
            return { name: l.slice(slash + 1), allocated: Number(l.slice(0, slash)) * 512 };
          })
          .sort((a, b) => (a.name < b.name ? -1 : 1));
      },
      usedBytes() {
        const [blocks, free, size] = ns.sh('stat -f -c "%b %f %S" /var/log/journal').trim().split(' ').map(Number);
        return (blocks - free) * size;
      },
      async holdOpen(name) {
        const reader = ns.spawn('sh', ['-c', 'exec 3<"$1"; echo ready; exec sleep 600', 'reader', `${dir}/${name}`]);
        await new Promise<void>((resolve, reject) => {
          reader.stdout!.once('data', () => resolve());
          reader.once('exit', (code) => reject(new Error(`the reader of ${name} exited ${code}`)));
        });
        return reader;
      },
      heldAllocated(reader) {
        return Number(ns.sh('stat -L -c %b "/proc/$1/fd/3"', String(reader.pid)).trim()) * 512;
      },
      stop: () => ns.stop(),
    };
    return lab;
  } catch (err) {
    await ns.stop();
    throw err;
  }
}

export const isArchived = (name: string) => name.includes('@');
