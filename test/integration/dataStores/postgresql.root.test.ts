// PostgreSQL 15 for real (the unpacked postgresql-15, run as its own account on a Unix socket only): an
// inactive physical slot pinning 24 WAL segments under max_wal_size=32MB, the classic full pg_wal.
// - `stores` names the slot and the bytes it retains, the server's own pg_wal_lsn_diff, read as the data
//   directory's owner over its socket; the hints carry the values the server runs with; when the socket is
//   gone or the server is stopped, the finding says why and the files' findings stay;
// - a plan under a root holding the cluster refuses pg_wal and the whole data directory (store-managed), and
//   points at the store's guidance, while an old log beside it is planned;
// - the drop the guidance offers (run here by the test, never by the tool) frees about what it said;
// - a second cluster with archive_command=false: the archiver's failures and the segments waiting for it;
// - the same over SSH (a real sshd on 127.0.0.1): the same probe text, the same bytes, the same refusal.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/shared/formatBytes';
import { isRoot } from '../../support/root';
import { startSshCli, type SshCli } from '../../support/sshCli';
import { pinWal, startPgCluster, type PgCluster, type PinnedWal } from '../../support/stores/postgres';
import { planJson, storeAt, storesJson, type CliRun } from '../../support/stores/storesCli';
import type { StoresReport } from '../../../src/shared/dataStoreModels';
import type { ReapPlan } from '../../../src/shared/reapModels';

const SLOT = 'forgotten_replica';
const SEGMENTS = 24;
const DAY_S = 86_400;
/** A uid no account has (checked in the test). */
const NAMELESS_UID = 54_321;

function retainedNow(c: PgCluster): number {
  return Number(c.sql(`select pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) from pg_replication_slots where slot_name = '${SLOT}'`));
}

function walDirBytes(c: PgCluster): number {
  return Number(c.sql('select sum(size) from pg_ls_waldir()'));
}

describe.skipIf(!isRoot)('PostgreSQL 15: a real cluster with an inactive slot pinning WAL', () => {
  let base: string;
  let root: string;
  let dataDir: string;
  let c: PgCluster;
  let pinned: PinnedWal;
  let cli: CliRun;
  let ssh: SshCli;

  beforeAll(async () => {
    base = mkdtempSync('/tmp/spoolscope-pg-');
    chmodSync(base, 0o755);
    // The root an operator adds during the incident: /var/lib, holding postgresql/15/main.
    root = join(base, 'lib');
    mkdirSync(join(root, 'postgresql', '15'), { recursive: true });
    dataDir = join(root, 'postgresql', '15', 'main');
    c = await startPgCluster({ dataDir, socketDir: join(base, 'run'), settings: { max_wal_size: '32MB', min_wal_size: '32MB' } });
    pinned = pinWal(c, SLOT, SEGMENTS);
    // An ordinary rotated log beside the cluster, days old: a plan must still take it.
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', 'app.log.1'), 'x'.repeat(8192));
    const old = Date.now() / 1000 - 3 * DAY_S;
    utimesSync(join(root, 'app', 'app.log.1'), old, old);
    cli = { env: { SPOOLSCOPE_DATA_DIR: join(base, 'state') } };
    ssh = await startSshCli(base);
  });

  afterAll(async () => {
    await ssh?.stop();
    await c?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  function pgStore(report: StoresReport, at = dataDir) {
    return storeAt(report, 'postgresql', at);
  }

  it('names the inactive slot and the WAL it retains, as the server itself reports it', () => {
    const before = retainedNow(c);
    const store = pgStore(storesJson(root, cli));
    const after = retainedNow(c);
    const slot = store.findings.find((f) => f.code === 'replication-slot-inactive');
    expect(slot, JSON.stringify(store.findings)).toBeDefined();
    // Nothing is written between the three reads but the server's own idle records, a few bytes at most.
    expect(slot!.bytes).toBeGreaterThanOrEqual(before);
    expect(slot!.bytes).toBeLessThanOrEqual(after);
    expect(slot!.text).toBe(`replication slot \`${SLOT}\` is inactive and retains ${formatBytes(slot!.bytes!)}`);
    expect(slot!.bytes).toBeGreaterThan((SEGMENTS - 2) * 16 * 1024 * 1024);
    console.log(`PostgreSQL: finding ${slot!.bytes} B (${slot!.text}); the server said ${before} B before and ${after} B after; pinWal read ${pinned.retainedBytes} B`);
    // The file-based guess about the slot directory is replaced by the server's answer, not told twice.
    expect(store.findings.filter((f) => f.code === 'replication-slot')).toEqual([]);
    expect(store.findings.find((f) => f.code === 'wal-over-max')?.text).toMatch(/x max_wal_size \(32\.0 MiB\): something retains WAL/);
  });

  it('gives the hints the values the server runs with, and a drop command that says what it frees', () => {
    const store = pgStore(storesJson(root, cli));
    const hint = (key: string) => store.configHints.filter((h) => h.key === key);
    expect(hint('max_wal_size')).toEqual([expect.objectContaining({ current: '32MB', file: join(dataDir, 'postgresql.conf') })]);
    expect(hint('max_slot_wal_keep_size')).toEqual([expect.objectContaining({ current: '-1 (unlimited)', suggested: '10GB' })]);
    expect(hint('wal_keep_size')).toEqual([expect.objectContaining({ current: '0' })]);
    const drops = store.actions.filter((a) => a.command.startsWith('SELECT pg_drop_replication_slot('));
    expect(drops).toEqual([expect.objectContaining({ command: `SELECT pg_drop_replication_slot('${SLOT}'); CHECKPOINT;`, runnableBy: 'operator', risk: 'service-impact' })]);
    expect(drops[0].expectedFreeBytes).toBeGreaterThan(0);
  });

  it('refuses pg_wal and the whole data directory in a plan (store-managed), pointing at the guidance; the old log beside is planned', () => {
    const plan = planJson(root, ['--max-bytes', '0', '--keep-newest', '0'], cli);
    const inCluster = (p: string) => p === 'postgresql/15/main' || p.startsWith('postgresql/15/main/');
    expect(plan.entries.filter((e) => inCluster(e.path))).toEqual([]);
    expect(plan.entries.map((e) => e.path)).toContain('app/app.log.1');
    const refused = plan.skipped.filter((s) => inCluster(s.path));
    expect(refused.length).toBeGreaterThan(0);
    for (const s of refused) expect([s.path, s.code, s.store]).toEqual([s.path, 'store-managed', dataDir]);
    const wal = readdirSync(join(dataDir, 'pg_wal')).filter((n) => /^[0-9A-F]{24}$/.test(n));
    const walSkips = refused.filter((s) => s.path.startsWith('postgresql/15/main/pg_wal'));
    // Every WAL segment is covered: skipped by itself or inside a skipped directory.
    for (const n of wal) expect(walSkips.some((s) => `postgresql/15/main/pg_wal/${n}`.startsWith(s.path)), n).toBe(true);
    expect(plan.guidance?.find((g) => g.kind === 'postgresql' && g.path === dataDir)).toBeDefined();
  });

  it('over SSH: the same slot and bytes, and the same refusal', () => {
    const before = retainedNow(c);
    const report = ssh.json(['stores', root, ...ssh.flags]) as StoresReport;
    const after = retainedNow(c);
    const slot = pgStore(report).findings.find((f) => f.code === 'replication-slot-inactive');
    expect(slot?.bytes).toBeGreaterThanOrEqual(before);
    expect(slot?.bytes).toBeLessThanOrEqual(after);
    expect(slot?.text).toContain(`replication slot \`${SLOT}\` is inactive and retains`);
    const plan = ssh.json(['plan', root, '--add-root', '--max-bytes', '0', '--keep-newest', '0', ...ssh.flags]) as ReapPlan;
    expect(plan.entries.filter((e) => e.path.startsWith('postgresql/'))).toEqual([]);
    expect(plan.skipped.filter((s) => s.path.startsWith('postgresql/15/main/pg_wal')).every((s) => s.code === 'store-managed')).toBe(true);
  });

  it('without the socket, says it could not ask and why; the files still tell pg_wal', () => {
    const sock = join(c.socketDir, `.s.PGSQL.${c.port}`);
    renameSync(sock, `${sock}.moved`);
    try {
      const store = pgStore(storesJson(root, cli));
      const why = store.findings.find((f) => f.code === 'pg-findings-unavailable');
      expect(why?.text).toBe(`the server was not asked what retains pg_wal (socket-absent): no socket ${sock}`);
      expect(store.findings.find((f) => f.code === 'wal-size')).toBeDefined();
    } finally {
      renameSync(`${sock}.moved`, sock);
    }
  });

  it('the drop the guidance offers (run here by the test) frees about what it said', () => {
    const store = pgStore(storesJson(root, cli));
    const drop = store.actions.find((a) => a.command.startsWith('SELECT pg_drop_replication_slot('))!;
    const before = walDirBytes(c);
    c.sql(`select pg_drop_replication_slot('${SLOT}')`);
    c.sql('checkpoint');
    const freed = before - walDirBytes(c);
    console.log(`PostgreSQL: the drop said it frees ${drop.expectedFreeBytes} B; pg_wal went from ${before} B down by ${freed} B`);
    // The checkpoint recycles up to max_wal_size's worth of segments instead of removing them: within two segments.
    expect(Math.abs(freed - drop.expectedFreeBytes!)).toBeLessThanOrEqual(2 * 16 * 1024 * 1024);
    const after = pgStore(storesJson(root, cli));
    expect(after.findings.filter((f) => f.code.startsWith('replication-slot'))).toEqual([]);
  });

  it('never runs psql for a data directory root owns (postgres never does): a planted postmaster.pid chooses nothing', () => {
    // A cluster's markers in a root-owned directory, postmaster.pid naming a live root process (this test).
    const fake = join(root, 'planted');
    mkdirSync(join(fake, 'pg_wal'), { recursive: true });
    writeFileSync(join(fake, 'PG_VERSION'), '15\n');
    writeFileSync(join(fake, 'postmaster.pid'), `${process.pid}\n${fake}\n0\n${c.port}\n${c.socketDir}\n\n`);
    try {
      const store = pgStore(storesJson(root, cli), fake);
      expect(store.findings.find((f) => f.code === 'pg-findings-unavailable')?.text).toBe(
        `the server was not asked what retains pg_wal (unsafe): root owns ${fake}: PostgreSQL never runs as root, so it is not a live cluster`,
      );
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });

  it('with the server stopped, says so; owned by a uid with no name, says that', async () => {
    await c.stop();
    const store = pgStore(storesJson(root, cli));
    expect(store.findings.find((f) => f.code === 'pg-findings-unavailable')?.text).toMatch(/^the server was not asked what retains pg_wal \(not-running\)/);
    expect(statSync(join(dataDir, 'PG_VERSION')).isFile()).toBe(true);
    expect(spawnSync('getent', ['passwd', String(NAMELESS_UID)]).status).not.toBe(0);
    chownSync(dataDir, NAMELESS_UID, NAMELESS_UID);
    const nameless = pgStore(storesJson(root, cli));
    expect(nameless.findings.find((f) => f.code === 'pg-findings-unavailable')?.text).toBe(
      `the server was not asked what retains pg_wal (owner-unknown): uid ${NAMELESS_UID} owns ${dataDir} but has no user name`,
    );
  });
});

describe.skipIf(!isRoot)('PostgreSQL 15: a cluster whose archive_command fails', () => {
  let base: string;
  let c: PgCluster;

  beforeAll(async () => {
    base = mkdtempSync('/tmp/spoolscope-pgarch-');
    chmodSync(base, 0o755);
    mkdirSync(join(base, 'lib'));
    c = await startPgCluster({
      dataDir: join(base, 'lib', 'main'),
      socketDir: join(base, 'run'),
      walSegmentMiB: 1,
      settings: { max_wal_size: '4MB', min_wal_size: '2MB', archive_mode: 'on', archive_command: 'false' },
    });
    c.sql('create table t (x int)');
    for (let i = 0; i < 4; i++) c.sql(`insert into t values (${i}); select pg_switch_wal()`);
  });

  afterAll(async () => {
    await c?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('names the failures and the segments waiting for the archiver, as pg_stat_archiver and archive_status say', async () => {
    // The archiver tries each segment three times, a second apart, before it waits.
    const until = Date.now() + 15_000;
    while (Number(c.sql('select failed_count from pg_stat_archiver')) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const report = storesJson(join(base, 'lib'), { env: { SPOOLSCOPE_DATA_DIR: join(base, 'state') } });
    const finding = storeAt(report, 'postgresql', join(base, 'lib', 'main')).findings.find((f) => f.code === 'archive-failing');
    const ready = readdirSync(join(base, 'lib', 'main', 'pg_wal', 'archive_status')).filter((n) => n.endsWith('.ready')).length;
    const failed = Number(c.sql('select failed_count from pg_stat_archiver'));
    const lastFailed = c.sql('select last_failed_wal from pg_stat_archiver');
    expect(ready).toBeGreaterThan(0);
    expect(finding?.text).toMatch(new RegExp(`^archive_command is failing: \\d+ failures?, the last on ${lastFailed} at .*, nothing archived yet; ${ready} WAL segments? waits? for it`));
    expect(Number(/failing: (\d+)/.exec(finding!.text)![1])).toBeLessThanOrEqual(failed);
    expect(finding?.bytes).toBe(ready * 1024 * 1024);
  });
});
