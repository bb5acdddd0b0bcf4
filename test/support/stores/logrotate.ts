// Debian's own logrotate stanzas, copied and pointed at a temp root, for the data-store tests: logrotate's
// /etc/logrotate.conf (the installed package's), the apt and dpkg stanzas every Debian has, and the
// unpacked mariadb-server's (monthly, minsize 50M, maxsize 500M), with /var/log/ (and /var/lib/mysql/)
// rewritten to the root. Commands run with the copies in place of /etc/logrotate.conf and /etc/logrotate.d,
// and a state directory of the lab's in place of /var/lib/logrotate, in a private mount namespace
// (unshare -m), so Spoolscope reads them where it reads a node's. `logrotate -d` run there is the yardstick:
// which stanza logrotate itself says covers a file, with its schedule and sizes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installed, unpacked } from './softwareCache';

export interface DryRunLog {
  /** The stanza's patterns, as logrotate printed them. */
  pattern: string;
  /** daily, weekly, monthly, ... as logrotate printed it. */
  schedule: string;
  rotations: number;
  /** "log files >= N are rotated earlier": maxsize; "only log files >= N bytes are rotated": minsize. */
  maxsizeBytes: number | null;
  minsizeBytes: number | null;
}

/** `logrotate -d` output: for each log it considered, the stanza that covers it. */
export function parseDryRun(text: string): Map<string, DryRunLog> {
  const out = new Map<string, DryRunLog>();
  let current: DryRunLog | null = null;
  for (const line of text.split('\n')) {
    // Patterns are separated by one space, the schedule by two.
    const stanza = /^rotating pattern: (.*?) {2}(\S.*?) \((\d+) rotations\)$/.exec(line);
    if (stanza) {
      current = { pattern: stanza[1], schedule: stanza[2], rotations: Number(stanza[3]), maxsizeBytes: null, minsizeBytes: null };
      continue;
    }
    if (current && /rotated/.test(line) && !line.startsWith(' ')) {
      const max = /log files >= (\d+) are rotated earlier/.exec(line);
      const min = /only log files >= (\d+) bytes are rotated/.exec(line);
      if (max) current.maxsizeBytes = Number(max[1]);
      if (min) current.minsizeBytes = Number(min[1]);
    }
    const log = /^considering log (.*)$/.exec(line);
    if (log && current) out.set(log[1], current);
  }
  return out;
}

export interface LogrotateLab {
  /** The copied logrotate.conf, including the copied logrotate.d. */
  conf: string;
  confDir: string;
  /** Stands for /var/log in the copies. */
  root: string;
  /** Copied stanza file name -> its text. */
  stanzas: Map<string, string>;
  /** Stands for /var/lib/logrotate: `status` in it is the state file. */
  stateDir: string;
  /** Writes the state file: each path's last rotation at a time (epoch s), as logrotate writes it (UTC here). */
  writeState(rotatedAt: Record<string, number>): void;
  /** logrotate -d on the copies, as /etc's (nothing is rotated; -d keeps no state). */
  dryRun(): { output: string; logs: Map<string, DryRunLog> };
  /** argv that runs `argv` with the copies bind-mounted over /etc/logrotate.conf, /etc/logrotate.d and /var/lib/logrotate. */
  withCopiesAsEtc(argv: string[]): string[];
}

/** Copies the stanzas into `labDir`/etc, pointed at `root` (both created). */
export function debianLogrotateLab(labDir: string, root: string): LogrotateLab {
  const logrotate = installed('/usr/sbin/logrotate');
  const confDir = join(labDir, 'etc', 'logrotate.d');
  mkdirSync(confDir, { recursive: true });
  mkdirSync(root, { recursive: true });
  const conf = join(labDir, 'etc', 'logrotate.conf');
  const point = (text: string) => text.replaceAll('/var/log/', `${root}/`).replaceAll('/var/lib/mysql/', `${root}/mysql/`);
  // Kept as it is, include /etc/logrotate.d and all: it is read where /etc's copy is bind-mounted.
  writeFileSync(conf, readFileSync(installed('/etc/logrotate.conf'), 'utf8'));
  const stateDir = join(labDir, 'var-lib-logrotate');
  mkdirSync(stateDir, { recursive: true });
  const sources: [string, string][] = [
    ['apt', installed('/etc/logrotate.d/apt')],
    ['dpkg', installed('/etc/logrotate.d/dpkg')],
    ['mariadb', unpacked('mariadb-server', 'etc/logrotate.d/mariadb')],
  ];
  const stanzas = new Map<string, string>();
  for (const [name, src] of sources) {
    const text = point(readFileSync(src, 'utf8'));
    writeFileSync(join(confDir, name), text);
    stanzas.set(name, text);
  }
  const withCopiesAsEtc = (argv: string[]) => [
    'unshare',
    '-m',
    '--propagation',
    'private',
    '--',
    'sh',
    '-c',
    'mount --bind "$1" /etc/logrotate.conf && mount --bind "$2" /etc/logrotate.d && mount --bind "$3" /var/lib/logrotate && shift 3 && exec "$@"',
    'sh',
    conf,
    confDir,
    stateDir,
    ...argv,
  ];
  return {
    conf,
    confDir,
    root,
    stanzas,
    stateDir,
    writeState(rotatedAt) {
      const stamp = (t: number) => {
        const d = new Date(t * 1000);
        return `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()}-${d.getUTCHours()}:${d.getUTCMinutes()}:${d.getUTCSeconds()}`;
      };
      const lines = Object.entries(rotatedAt).map(([p, t]) => `"${p}" ${stamp(t)}`);
      writeFileSync(join(stateDir, 'status'), ['logrotate state -- version 2', ...lines, ''].join('\n'));
    },
    dryRun() {
      const argv = withCopiesAsEtc([logrotate, '-d', '-s', join(stateDir, 'dry-run.status'), '/etc/logrotate.conf']);
      const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
      if (r.status !== 0) throw new Error(`logrotate -d failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
      // logrotate -d prints to stderr.
      const output = r.stdout + r.stderr;
      return { output, logs: parseDryRun(output) };
    },
    withCopiesAsEtc,
  };
}

