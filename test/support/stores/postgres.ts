// A throwaway PostgreSQL 15 cluster for the data-store tests: the unpacked postgresql-15's initdb and postgres
// (test/support/stores/softwareCache.ts), run as an unprivileged account (initdb refuses root), listening on
// a Unix socket in a temp dir only (listen_addresses=''), and queried with the installed psql as that account.
// A physical replication slot that nothing consumes is the classic way pg_wal fills a disk: pinWal() makes one
// inactive and writes WAL past it.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { asUser, installed, serviceUser, unpacked, type ServiceUser } from './softwareCache';
import { startServer, waitReady, type ServerProcess } from './serverProcess';

export const PG_OWNER = 'spoolscope-pg-test';
const PSQL = '/usr/lib/postgresql/15/bin/psql';
const PORT = 5432;

export interface PgCluster {
  owner: ServiceUser;
  dataDir: string;
  socketDir: string;
  port: number;
  server: ServerProcess;
  /** Runs SQL with psql -At as the owner over the socket; its stdout, trimmed. Throws on an error. */
  sql(query: string): string;
  /** Immediate shutdown (SIGQUIT: a throwaway cluster needs no checkpoint, and a failing archive_command would hold a fast one up), bounded; SIGKILL to it and its backends after 15 s. */
  stop(): Promise<void>;
}

export interface PgOptions {
  /** The data directory to create (its parent must exist; made the owner's, mode 0700). */
  dataDir: string;
  /** Where the socket goes (created; short enough for a socket path). */
  socketDir: string;
  /** postgresql.conf settings given on the command line, beside the fixed ones. */
  settings?: Record<string, string>;
  /** WAL segment size in MiB (initdb --wal-segsize): 16 by default, as on a real cluster. */
  walSegmentMiB?: number;
}

function runAs(user: ServiceUser, argv: string[], timeoutMs: number, input?: string): string {
  const r = spawnSync(asUser(user)[0], [...asUser(user).slice(1), ...argv], { encoding: 'utf8', timeout: timeoutMs, input, maxBuffer: 16 << 20 });
  if (r.error || r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function startPgCluster(opts: PgOptions): Promise<PgCluster> {
  const owner = serviceUser(PG_OWNER);
  const initdb = unpacked('postgresql-15', 'usr/lib/postgresql/15/bin/initdb');
  const postgres = unpacked('postgresql-15', 'usr/lib/postgresql/15/bin/postgres');
  installed(PSQL);
  if (!existsSync(dirname(opts.dataDir))) throw new Error(`no parent directory for ${opts.dataDir}`);
  mkdirSync(opts.dataDir, { mode: 0o700 });
  chownSync(opts.dataDir, owner.uid, owner.gid);
  mkdirSync(opts.socketDir, { recursive: true, mode: 0o755 });
  chownSync(opts.socketDir, owner.uid, owner.gid);
  runAs(owner, [initdb, '-D', opts.dataDir, '--auth=trust', '--locale=C', '--encoding=UTF8', '--no-sync', `--wal-segsize=${opts.walSegmentMiB ?? 16}`], 120_000);
  const settings: Record<string, string> = {
    listen_addresses: '',
    unix_socket_directories: opts.socketDir,
    port: String(PORT),
    // libllvm14 is not installed for the tests (postgresql-15's only library left out).
    jit: 'off',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    logging_collector: 'off',
    ...opts.settings,
  };
  const args = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const server = startServer([...asUser(owner), postgres, '-D', opts.dataDir, ...args], { cwd: opts.dataDir });
  const sql = (query: string) => runAs(owner, [PSQL, '-h', opts.socketDir, '-p', String(PORT), '-d', 'postgres', '-X', '-At', '-v', 'ON_ERROR_STOP=1', '-c', query], 60_000).trim();
  await waitReady(server, 'postgres', () => {
    if (!existsSync(join(opts.socketDir, `.s.PGSQL.${PORT}`))) return false;
    try {
      return sql('select 1') === '1';
    } catch {
      return false;
    }
  });
  return { owner, dataDir: opts.dataDir, socketDir: opts.socketDir, port: PORT, server, sql, stop: () => server.stop('SIGQUIT') };
}

export interface PinnedWal {
  slot: string;
  /** pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) as the server reported it after the writes. */
  retainedBytes: number;
}

/**
 * Creates a physical slot that reserves WAL at once and that no standby ever uses (so it stays inactive), then
 * writes and switches WAL `segments` times and checkpoints: the segments past the slot's restart_lsn stay in
 * pg_wal however low max_wal_size is.
 */
export function pinWal(c: PgCluster, slot: string, segments: number): PinnedWal {
  c.sql(`select pg_create_physical_replication_slot('${slot}', true)`);
  c.sql('create table if not exists filler (id serial primary key, pad text)');
  // One statement per switch: pg_switch_wal() only moves to a new segment after something was written.
  const body = Array.from({ length: segments }, () => "insert into filler (pad) select repeat('x', 1000) from generate_series(1, 50); select pg_switch_wal();").join('\n');
  runAs(c.owner, [PSQL, '-h', c.socketDir, '-p', String(c.port), '-d', 'postgres', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'], 120_000, body);
  c.sql('checkpoint');
  const retained = Number(c.sql(`select pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) from pg_replication_slots where slot_name = '${slot}'`));
  return { slot, retainedBytes: retained };
}
