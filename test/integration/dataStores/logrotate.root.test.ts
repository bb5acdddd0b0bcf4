// logrotate as information, on Debian's own stanzas (logrotate.conf, apt's, dpkg's and mariadb-server's,
// copied and pointed at a temp /var/log) read where a node has them (bind-mounted over /etc in a private
// mount namespace): `stores` names the stanza that covers a log MariaDB-style error log a real writer fills,
// with its schedule and maxsize as `logrotate -d` itself reports them, against the rate the writer wrote at
// since the state file's last rotation (the daily timer looks at maxsize once a day).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataStore } from '../../../src/shared/dataStoreModels';
import { startAppender, type Appender } from '../../support/appender';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { debianLogrotateLab, type LogrotateLab } from '../../support/stores/logrotate';
import { storesJson, type CliRun } from '../../support/stores/storesCli';

const RATE = 256 * 1024;
/** Spoolscope rates a log only over a minute or more since its last rotation. */
const WRITE_S = 64;
const MAXSIZE = 500 * 1024 * 1024;
const DAY_S = 86_400;

describe.skipIf(!isRoot)('logrotate: the stanza covering a written log, on copies of Debian\'s stanzas', () => {
  let base: string;
  let lab: LogrotateLab;
  let log: string;
  let writer: Appender;
  let startedAt: number;
  let cli: CliRun;

  beforeAll(async () => {
    base = mkdtempSync('/tmp/spoolscope-logrotate-');
    chmodSync(base, 0o755);
    lab = debianLogrotateLab(join(base, 'lab'), join(base, 'log'));
    mkdirSync(join(lab.root, 'mysql'));
    log = join(lab.root, 'mysql', 'error.log');
    // "Rotated" just now: the writer starts a fresh file, as after logrotate's create.
    startedAt = Math.floor(Date.now() / 1000);
    lab.writeState({ [log]: startedAt });
    writer = await startAppender(log, RATE, RATE * (WRITE_S + 30));
    cli = { env: { SPOOLSCOPE_DATA_DIR: join(base, 'state') }, wrap: lab.withCopiesAsEtc([]) };
  });

  afterAll(async () => {
    await stopAllHolders();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('logrotate -d on the copies says the mariadb stanza covers the error log: monthly, maxsize 500M, minsize 50M', () => {
    const dry = lab.dryRun().logs.get(log);
    expect(dry).toMatchObject({ schedule: 'monthly', rotations: 6, maxsizeBytes: MAXSIZE, minsizeBytes: 50 * 1024 * 1024 });
    expect(dry!.pattern.split(' ')).toContain(join(lab.root, 'mysql', '*.log'));
    expect(lab.stanzas.get('mariadb')).toContain(dry!.pattern.split(' ')[0]);
  });

  it(`stores names that stanza, its schedule and maxsize, and the writer's rate since the rotation (after ${WRITE_S} s)`, { timeout: 120_000 }, async () => {
    const wait = startedAt + WRITE_S + 2 - Date.now() / 1000;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait * 1000));
    const report = storesJson(lab.root, cli);
    const size = statSync(log).size;
    const now = Date.now() / 1000;
    const stores = report.stores.filter((s): s is DataStore => s.kind === 'logrotate');
    const store = stores.find((s) => s.findings.some((f) => f.text.startsWith(`${log} (`)));
    expect(store, JSON.stringify(report.stores.map((s) => [s.kind, s.path]))).toBeDefined();
    expect(store!.path).toMatch(/^\/etc\/logrotate\.d\/mariadb:\d+$/);
    expect(store!.reapRule).toBe('free');
    const finding = store!.findings.find((f) => f.text.startsWith(`${log} (`))!;
    expect(finding.text).toContain('is rotated by /etc/logrotate.d/mariadb line');
    expect(finding.text).toContain('monthly, maxsize 500M, minsize 50M');
    // The line it names is the stanza logrotate -d says covers the log.
    const line = Number(/:(\d+)$/.exec(store!.path)![1]);
    const dry = lab.dryRun().logs.get(log)!;
    expect(lab.stanzas.get('mariadb')!.split('\n')[line - 1]).toContain(dry.pattern.split(' ')[0]);
    // The worst case it names is maxsize plus a day of writes at the measured rate.
    const measured = (finding.bytes! - MAXSIZE) / DAY_S;
    const written = size / (now - startedAt);
    console.log(`logrotate: the writer wrote ${RATE} B/s (${size} B in ${(now - startedAt).toFixed(1)} s since the rotation, ${written.toFixed(0)} B/s); stores measured ${measured.toFixed(0)} B/s: ${finding.text}`);
    expect(Math.abs(measured - RATE) / RATE).toBeLessThan(0.05);
    expect(finding.text).toMatch(/written at [\d.]+ MiB\/h since: with the daily timer it can reach [\d.]+ GiB before a rotation \(maxsize 500 MiB \+ 24 h of writes\)/);
    await writer.stop();
  });
});
