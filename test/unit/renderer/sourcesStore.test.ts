import { beforeEach, describe, expect, it } from 'vitest';
import type { SourcesReport } from '../../../src/shared/sourceModels';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { partitionPath, useSourcesStore } from '../../../src/renderer/src/state/sourcesStore';
import { fail, installFakeApi, ok } from './fakeApi';

const api = installFakeApi();

/** A report naming its sources; the store reads only which path it is about and the ranked source names. */
function report(path: string, sourceNames: string[]): SourcesReport {
  return {
    node: 'local',
    path,
    partition: path,
    attribution: 'file-name',
    sqlite: null,
    partitionBytes: 100,
    partitionBaselineRatio: null,
    day: null,
    timeZone: { name: 'UTC', from: 'node' },
    baselinePartitions: [],
    sources: sourceNames.map((name) => ({ name }) as SourcesReport['sources'][number]),
    writers: [],
    days: [],
    sampling: { bytesRead: 0, rowsRead: 0, bytesBudget: 1, rowsBudget: 1, elapsedMs: 1 },
    partial: false,
    messages: [],
    analyzedAt: 1,
  };
}

const state = () => useSourcesStore.getState();

beforeEach(() => {
  api.reset();
  useNavStore.setState({ node: 'local' });
  state().close();
});

describe('sources store', () => {
  it('analyses the partition on the node on screen and picks its largest source', async () => {
    useNavStore.setState({ node: 'db7' });
    const opening = state().open('/srv/logs/2026/120');
    expect(state()).toMatchObject({ path: '/srv/logs/2026/120', loading: true, report: null });
    api.reply('sources.analyze', ok(report('/srv/logs/2026/120', ['gateway', 'billing'])));
    await opening;
    expect(api.requests('sources.analyze')).toEqual([{ node: 'db7', path: '/srv/logs/2026/120' }]);
    expect(state()).toMatchObject({ loading: false, selected: 'gateway', error: null });
    state().select('billing');
    expect(state().selected).toBe('billing');
  });

  it('a newer request wins: the answer to an older one is dropped', async () => {
    const older = state().open('/srv/logs/2026/119');
    const newer = state().open('/srv/logs/2026/120');
    api.replyNewest('sources.analyze', ok(report('/srv/logs/2026/120', ['new'])));
    await newer;
    api.reply('sources.analyze', ok(report('/srv/logs/2026/119', ['old'])));
    await older;
    expect(state()).toMatchObject({ path: '/srv/logs/2026/120', selected: 'new', report: { path: '/srv/logs/2026/120' } });
  });

  it('drops an answer that arrives after the drawer was closed', async () => {
    const opening = state().open('/srv/logs/2026/120');
    state().close();
    api.reply('sources.analyze', ok(report('/srv/logs/2026/120', ['x'])));
    await opening;
    expect(state()).toMatchObject({ path: null, report: null, loading: false });
  });

  it('shows a failed analysis inline', async () => {
    api.answer('sources.analyze', () => fail('not inside a configured root', 'forbidden'));
    await state().open('/etc');
    expect(state()).toMatchObject({ loading: false, report: null, error: 'not inside a configured root' });
  });

  it('makes a partition\'s absolute path from the root and the scan\'s relative path', () => {
    expect(partitionPath('/srv/logs', '2026/120')).toBe('/srv/logs/2026/120');
    expect(partitionPath('/srv/logs/', '2026/120')).toBe('/srv/logs/2026/120');
    expect(partitionPath('/', 'var/log/app.log.1')).toBe('/var/log/app.log.1');
    expect(partitionPath('/srv/logs', '')).toBe('/srv/logs');
    expect(partitionPath('/srv/logs', '.')).toBe('/srv/logs');
    expect(partitionPath('/srv/logs', '-rf $(x)/a\\nb')).toBe('/srv/logs/-rf $(x)/a\\nb');
  });
});
