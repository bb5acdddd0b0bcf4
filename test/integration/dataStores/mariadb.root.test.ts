// MariaDB for real (mariadbd --no-defaults --skip-networking --log-bin, as its own account), its binary logs
// where Debian's template puts them: /var/log/mysql, inside the default root /var/log, beside the error log.
// Two servers: Debian's naming (mysql-bin.NNNNNN, no partition to the classifier) and MySQL 8's default
// (binlog.NNNNNN, which the partition classifier alone would plan as segments).
// - `stores` finds the binary logs by their magic and index, never reaped, with PURGE BINARY LOGS TO naming a
//   binary log the server lists; run by the test (never by the tool), the server removes exactly the older ones;
// - a plan under the root never takes a binary log or the index: binlog.NNNNNN are skipped store-managed and
//   point at that guidance; the rotated error logs beside them stay plannable.
import { chmodSync, existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreAction } from '../../../src/shared/dataStoreModels';
import { isRoot } from '../../support/root';
import { startMariaDb, type MariaDb } from '../../support/stores/mariadb';
import { planJson, storeAt, storesJson, type CliRun } from '../../support/stores/storesCli';

const DAY_S = 86_400;
const PURGE = /^PURGE BINARY LOGS TO '([^']+)';?$/;

function purgeTarget(actions: StoreAction[]): string | null {
  for (const a of actions) {
    const m = PURGE.exec(a.command);
    if (m) return m[1];
  }
  return null;
}

const NAMINGS = [
  { binlogName: 'mysql-bin', naming: "Debian's mysql-bin.NNNNNN", pending: '' },
  // A held binlog.NNNNNN set once read as a generic WAL of its whole directory (no PURGE guidance, the error
  // logs beside refused): detection now leaves another store's files out of the generic-WAL shape.
  { binlogName: 'binlog', naming: "MySQL 8's binlog.NNNNNN", pending: '' },
];

describe.each(NAMINGS.map((n) => ({ ...n, run: isRoot && n.pending === '' })))('MariaDB: binary logs named $naming in /var/log/mysql beside the error log$pending', ({ binlogName, run }) => {
  let base: string;
  let root: string;
  let logDir: string;
  let indexPath: string;
  let db: MariaDb;
  let cli: CliRun;

  beforeAll(async () => {
    if (!run) return;
    base = mkdtempSync('/tmp/spoolscope-mariadb-');
    chmodSync(base, 0o755);
    root = join(base, 'log');
    logDir = join(root, 'mysql');
    indexPath = join(logDir, `${binlogName}.index`);
    db = await startMariaDb({ baseDir: join(base, 'server'), logDir, binlogName });
    db.sql('create database shop; create table shop.orders (id int primary key, note text)');
    for (let i = 0; i < 4; i++) db.sql(`insert into shop.orders values (${i}, repeat('x', 2000)); flush binary logs`);
    // Generations logrotate left of the error log, days old.
    const old = Date.now() / 1000 - 5 * DAY_S;
    for (const name of ['error.log.1', 'error.log.2.gz']) {
      writeFileSync(join(logDir, name), 'e'.repeat(4096));
      utimesSync(join(logDir, name), old, old);
    }
    cli = { env: { SPOOLSCOPE_DATA_DIR: join(base, 'state') } };
  });

  afterAll(async () => {
    await db?.stop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it.runIf(run)('finds the binary logs by their magic and index, never reaped, with PURGE BINARY LOGS TO naming one the server lists', () => {
    const binlogs = db.binlogs();
    expect(binlogs).toHaveLength(5);
    const store = storeAt(storesJson(root, cli), 'mysql-binlog', indexPath);
    expect(store.reapRule).toBe('never');
    expect(store.files).toBe(binlogs.length + 1);
    const target = purgeTarget(store.actions);
    expect(target, JSON.stringify(store.actions)).not.toBeNull();
    // TO the newest keeps the newest and frees every older one; a replica still reading one is the check to make first.
    expect(binlogs).toContain(target);
  });

  it.runIf(run)('never plans a binary log or the index; the rotated error logs are planned', () => {
    const binlogs = db.binlogs();
    const plan = planJson(root, ['--max-bytes', '0', '--keep-newest', '0'], cli);
    const planned = plan.entries.map((e) => e.path);
    expect(planned).toEqual(expect.arrayContaining(['mysql/error.log.1', 'mysql/error.log.2.gz']));
    expect(planned.filter((p) => p.startsWith(`mysql/${binlogName}.`))).toEqual([]);
    // Whatever of the binary logs the classifier makes partitions of is refused as the store's.
    for (const s of plan.skipped.filter((x) => x.path.startsWith(`mysql/${binlogName}.`))) expect([s.path, s.code, s.store]).toEqual([s.path, 'store-managed', indexPath]);
    if (binlogName === 'binlog') {
      for (const name of binlogs) expect(plan.skipped.find((s) => s.path === `mysql/${name}`)?.code, name).toBe('store-managed');
      expect(purgeTarget(plan.guidance?.find((g) => g.kind === 'mysql-binlog' && g.path === indexPath)?.actions ?? [])).not.toBeNull();
    }
    // The active error log is the server's open file, never a store's.
    expect(plan.skipped.find((s) => s.path === 'mysql/error.log')?.code ?? 'not planned').not.toBe('store-managed');
  });

  it.runIf(run)('the PURGE the guidance names (run here by the test) removes exactly the older binary logs, by the server', () => {
    const listed = db.sql('show binary logs').split('\n').map((l) => l.split('\t')[0]);
    const target = purgeTarget(storeAt(storesJson(root, cli), 'mysql-binlog', indexPath).actions)!;
    // MariaDB keeps a log crash recovery may still need until its binlog checkpoint passes it (a busy machine
    // delays that by seconds): the PURGE is asked again, as an operator would, for up to 20 s.
    let kept: string[] = [];
    for (let tries = 0; tries < 40; tries++) {
      db.sql(`PURGE BINARY LOGS TO '${target}'`);
      kept = db.sql('show binary logs').split('\n').map((l) => l.split('\t')[0]);
      if (kept[0] === target) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
    expect(kept).toEqual(listed.slice(listed.indexOf(target)));
    for (const name of listed.slice(0, listed.indexOf(target))) expect(existsSync(join(logDir, name)), name).toBe(false);
    console.log(`MariaDB (${binlogName}): ${listed.length} binary logs; the guidance said PURGE BINARY LOGS TO '${target}'; the server kept ${kept.join(', ')}`);
  });
});
