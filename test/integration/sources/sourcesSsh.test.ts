// Sources over SSH (a real sshd on 127.0.0.1): the same lab gives the same sources, rates, ratios and
// templates through the CLI as locally; remotely the SQLite store is read by the node's sqlite3 shell.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { buildTextLogStore, type TextStoreInfo } from '../../lab/textLogStore';
import { buildCalendarStore, type CalendarStoreInfo } from '../../lab/calendarStore';
import type { SourcesReport } from '../../../src/shared/sourceModels';
import { runCli } from '../../support/cli';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('sources-ssh');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '' };
let sshd: Sshd;
let lab: LabInfo;
let text: TextStoreInfo;
let ssh: string[];
let office: Record<'plain' | 'indexed', CalendarStoreInfo>;
const OFFICE_DAYS = ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30'];

beforeAll(async () => {
  [sshd, lab] = await Promise.all([startSshd(), buildLab(join(tmp.dir, 'lab'))]);
  text = buildTextLogStore(lab.root);
  const runaway = { day: '2026-03-30', source: 'gateway', multiple: 32.6 };
  office = {
    plain: buildCalendarStore(join(tmp.dir, 'office', 'plain'), { days: OFFICE_DAYS, runaway }),
    indexed: buildCalendarStore(join(tmp.dir, 'office', 'indexed'), { days: OFFICE_DAYS, runaway, sourceIndex: true }),
  };
  const kh = join(tmp.dir, 'known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  ssh = ['--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh];
});
afterAll(async () => {
  await sshd?.stop();
  tmp.cleanup();
});

function sources(args: string[]): SourcesReport {
  const r = runCli(['sources', ...args, '--json'], env);
  if (r.status !== 0) throw new Error(`spoolscope sources ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as SourcesReport;
}

/** What must not depend on the transport: everything but timings, the reader and the node's name. */
const figures = (r: SourcesReport) => ({
  partition: r.partition,
  attribution: r.attribution,
  ratio: r.partitionBaselineRatio,
  baseline: r.baselinePartitions,
  day: r.day,
  timeZone: r.timeZone,
  days: r.days,
  sources: r.sources,
});

describe('sources over SSH', () => {
  it('the SQLite store: the gateway first at the same ratio with the EMFILE template, read by the remote sqlite3', () => {
    const day = join(lab.root, lab.spikeDayPath);
    const local = sources([day]);
    const remote = sources([day, ...ssh]);
    expect(remote.sqlite?.reader).toBe('node-sqlite3');
    expect(local.sqlite?.reader).toBe('library');
    expect(figures(remote)).toEqual(figures(local));
    expect(remote.sources[0].name).toBe('gateway');
    expect(remote.partitionBaselineRatio!).toBeGreaterThan(20);
    expect(remote.sources[0].templates[0].template).toContain('os error 24');
  });

  it('the text store: the same sources, templates and spike start as locally', () => {
    const local = sources([text.storeDir]);
    const remote = sources([text.storeDir, ...ssh]);
    expect(figures(remote)).toEqual(figures(local));
    expect(remote.sources[0]).toMatchObject({ name: 'gateway' });
    expect(remote.sources[0].baselineRatio!).toBeGreaterThan(20);
  });

  it("an office-hours store by Berlin days, with and without a source index: the remote sqlite3 reads what is read here", () => {
    for (const store of [office.plain, office.indexed]) {
      const day = store.dayDirs['2026-03-30'];
      const local = sources([day, '--time-zone', 'Europe/Berlin']);
      const remote = sources([day, '--time-zone', 'Europe/Berlin', ...ssh]);
      expect(remote.sqlite).toMatchObject({ reader: 'node-sqlite3', sourceIndex: store === office.indexed ? 'logs_src' : null });
      expect(figures(remote)).toEqual(figures(local));
      // 32.6x by the bytes the lab wrote.
      const median = [...OFFICE_DAYS.slice(0, 7).map((d) => store.fileBytes[d])].sort((a, b) => a - b)[3];
      expect(remote.partitionBaselineRatio!).toBeCloseTo(store.fileBytes['2026-03-30'] / median, 2);
      expect(remote.day).toMatchObject({ date: '2026-03-30', open: false, seconds: 86_400 });
    }
  });

  it('a relative path is refused for a remote node with a clear line', () => {
    const r = runCli(['sources', 'logs/text', ...ssh], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^spoolscope: on a remote node the path must be absolute/);
  });
});
