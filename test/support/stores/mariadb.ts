// A throwaway MariaDB server with binary logs on, for the data-store tests: mariadb-install-db then
// `mariadbd --no-defaults --skip-networking --log-bin`, run as its own account (mariadbd refuses root unless
// told), the socket in a temp dir, no TCP. Debian's template puts binary logs under /var/log/mysql beside the
// error log, inside the default root /var/log: logDir plays that directory.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asUser, installed, serviceUser, type ServiceUser } from './softwareCache';
import { startServer, waitReady, type ServerProcess } from './serverProcess';

export const MYSQL_OWNER = 'spoolscope-mysql-test';

export interface MariaDb {
  owner: ServiceUser;
  dataDir: string;
  /** Where the binary logs, their index and the error log are. */
  logDir: string;
  binlogBase: string;
  socket: string;
  server: ServerProcess;
  /** Runs SQL with the mariadb client as root over the socket (tab-separated rows); throws on an error. */
  sql(query: string): string;
  /** The binary logs in the server's own index, in order (file names). */
  binlogs(): string[];
  stop(): Promise<void>;
}

export interface MariaDbOptions {
  /** Created, with the data and the socket in it. */
  baseDir: string;
  /** Created (recursively) for the binary logs and the error log. */
  logDir: string;
  /** The binary log base name (`mysql-bin`, as Debian's template; `binlog` is MySQL 8's default). */
  binlogName?: string;
}

export async function startMariaDb(opts: MariaDbOptions): Promise<MariaDb> {
  const owner = serviceUser(MYSQL_OWNER);
  const mariadbd = installed('/usr/sbin/mariadbd');
  const installDb = installed('/usr/bin/mariadb-install-db');
  const client = installed('/usr/bin/mariadb');
  const dataDir = join(opts.baseDir, 'data');
  const runDir = join(opts.baseDir, 'run');
  for (const d of [dataDir, runDir, opts.logDir]) {
    mkdirSync(d, { recursive: true, mode: 0o755 });
    chownSync(d, owner.uid, owner.gid);
  }
  const install = spawnSync(asUser(owner)[0], [...asUser(owner).slice(1), installDb, '--no-defaults', `--datadir=${dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db'], {
    cwd: '/',
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed (${install.error?.message ?? `exit ${install.status}`}):\n${install.stdout}\n${install.stderr}`);
  const binlogBase = join(opts.logDir, opts.binlogName ?? 'mysql-bin');
  const socket = join(runDir, 'mysqld.sock');
  const server = startServer(
    [
      ...asUser(owner),
      mariadbd,
      '--no-defaults',
      '--skip-networking',
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--pid-file=${join(runDir, 'mysqld.pid')}`,
      `--log-bin=${binlogBase}`,
      '--server-id=1',
      `--log-error=${join(opts.logDir, 'error.log')}`,
      '--innodb-buffer-pool-size=16M',
      '--innodb-log-file-size=8M',
    ],
    { cwd: '/' },
  );
  const sql = (query: string) => {
    const r = spawnSync(client, ['--no-defaults', '-S', socket, '-u', 'root', '-N', '-B', '-e', query], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`mariadb -e ${JSON.stringify(query)} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
    return r.stdout.trim();
  };
  await waitReady(server, 'mariadbd', () => {
    if (!existsSync(socket)) return false;
    try {
      return sql('select 1') === '1';
    } catch {
      return false;
    }
  });
  return {
    owner,
    dataDir,
    logDir: opts.logDir,
    binlogBase,
    socket,
    server,
    sql,
    binlogs: () =>
      readFileSync(`${binlogBase}.index`, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(l.lastIndexOf('/') + 1)),
    stop: () => server.stop('SIGTERM'),
  };
}
