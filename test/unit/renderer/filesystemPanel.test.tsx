// @vitest-environment happy-dom
// The filesystems panel and the scan's age as the operator sees them: a filesystem holding a root or named
// by an open alert always shows, whatever a filter hides; the root badge goes on the mount df names for the
// root on the node, not the longest mount point that prefixes its path; each card's fill is
// df's Use%; "scanned 3 min ago" moves on as time passes.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Filesystem } from '../../../src/shared/models';
import type { WatchAlert, WatchFilesystem } from '../../../src/shared/watchModels';
import { FilesystemBars } from '../../../src/renderer/src/components/FilesystemBars';
import { ScanProgress } from '../../../src/renderer/src/components/ScanProgress';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { pinnedMounts, shownFilesystems } from '../../../src/renderer/src/state/shownFilesystems';
import { useWatchStore } from '../../../src/renderer/src/state/watchStore';
import { installFakeApi } from './fakeApi';
import { progress } from './scanReplies';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
installFakeApi();

function fs(mount: string, usedBytes: number, availBytes: number, fstype = 'ext4'): Filesystem {
  const fillRatio = usedBytes / (usedBytes + availBytes);
  return { mount, source: 'dev', fstype, sizeBytes: usedBytes + availBytes, usedBytes, availBytes, inodesTotal: 10, inodesUsed: 1, inodesAvail: 9, fillRatio, level: fillRatio >= 0.9 ? 'critical' : fillRatio >= 0.7 ? 'warn' : 'ok' };
}

function alert(subject: string, kind: WatchAlert['kind'] = 'fill', node = 'local'): WatchAlert {
  return { key: `${kind}:${subject}`, kind, node, subject, severity: 'critical', message: `${subject} is 100% full`, since: 1 };
}

/** The figures of a watched filesystem the panel reads (the rate fields are the live watch's business). */
function watched(mount: string): WatchFilesystem {
  return { mount, fstype: 'tmpfs', sizeBytes: 100, usedBytes: 100, availBytes: 0, fillRatio: 1, level: 'critical' } as WatchFilesystem;
}

describe('which filesystems show', () => {
  const listed = [fs('/', 10, 90), fs('/dev', 0, 100, 'devtmpfs'), fs('/srv', 50, 50)];
  const hideAll = () => true;

  it('pins every root\'s mount and the mount of each open filesystem alert on this node', () => {
    const pinned = pinnedMounts({ '/var/log': '/', '/srv/x': '/srv', '/not/yet': null }, [alert('/full'), alert('/held', 'held'), alert('/other', 'fill', 'db7'), alert('writer (pid 4)', 'writerMemory')], 'local');
    expect([...pinned].sort()).toEqual(['/', '/full', '/held', '/srv']);
  });

  it('keeps pinned filesystems whatever a filter hides, fullest first', () => {
    const shown = shownFilesystems(listed, new Set(['/srv', '/']), [], [], hideAll);
    expect(shown.map((s) => (s.kind === 'listed' ? s.fs.mount : s.mount))).toEqual(['/srv', '/']);
    expect(shownFilesystems(listed, new Set(), [], [], (f) => f.fstype === 'devtmpfs').map((s) => (s.kind === 'listed' ? s.fs.mount : ''))).toEqual(['/srv', '/']);
  });

  it('shows a pinned mount the listing lacks, from the watch\'s figures or as a row that says so', () => {
    const shown = shownFilesystems(listed, new Set(['/mnt/full', '/mnt/gone']), [watched('/mnt/full')], [alert('/mnt/gone')], hideAll);
    expect(shown).toEqual([
      { kind: 'missing', mount: '/mnt/gone', level: 'critical' },
      expect.objectContaining({ kind: 'listed', pinned: true, fs: expect.objectContaining({ mount: '/mnt/full', fillRatio: 1 }) }),
    ]);
  });
});

describe('the panel', () => {
  let container: HTMLDivElement;
  let reactRoot: ReactRoot;

  beforeEach(() => {
    useNavStore.setState({ screen: 'node', node: 'local' });
    useNodeStore.getState().reset();
    useWatchStore.setState({ alerts: [], snapshot: null });
    useScanStore.getState().reset();
    ({ host: container, root: reactRoot } = mountHost());
  });

  afterEach(() => {
    unmountHost({ host: container, root: reactRoot });
    vi.useRealTimers();
  });

  const cards = () => [...container.querySelectorAll('li.fs')].map((li) => li.getAttribute('data-mount'));
  const badged = () => [...container.querySelectorAll('li.fs')].filter((li) => li.querySelector('.tag')).map((li) => li.getAttribute('data-mount'));

  it('puts the root badge on the mount df names for the root, not the longest prefix of its path', () => {
    // /var/log is a symlink into /data/log: df /var/log names /data, a prefix guess says /.
    useNodeStore.setState({
      loading: false,
      filesystems: [fs('/', 10, 90), fs('/data', 30, 70), fs('/srv', 20, 80)],
      rootMounts: { '/var/log': '/data', '/srv/spool': '/srv' },
      selectedRoot: '/var/log',
    });
    act(() => reactRoot.render(createElement(FilesystemBars)));
    expect(badged()).toEqual(['/data']);
  });

  it('shows a full filesystem an alert names though the listing lacks it, and each card\'s fill as df says', () => {
    useNodeStore.setState({ loading: false, filesystems: [fs('/', 24_572_264_448, 84_372_029_440)], rootMounts: {}, selectedRoot: null });
    useWatchStore.setState({ alerts: [alert('/mnt/full')] });
    act(() => reactRoot.render(createElement(FilesystemBars)));
    expect(cards()).toEqual(['/mnt/full', '/']);
    expect(container.querySelector('li.fs[data-mount="/mnt/full"]')?.getAttribute('data-level')).toBe('critical');
    expect(container.querySelector('li.fs[data-mount="/"] .fs-pct')?.textContent).toBe('23%');
  });

  it('says how long ago the scan ran, and keeps it true as time passes', () => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000_000);
    useScanStore.setState({ root: '/var/log', jobId: 'j1', progress: progress('j1', 'running') });
    act(() => reactRoot.render(createElement(ScanProgress)));
    // It ends between two ticks of the component's clock.
    vi.setSystemTime(10_004_000);
    act(() => useScanStore.setState({ progress: progress('j1', 'done'), finishedAt: 10_004_000 }));
    const age = () => container.querySelector('[data-testid=scan-age]')?.textContent;
    expect(age()).toBe('just now');
    act(() => {
      vi.advanceTimersByTime(3 * 60_000);
    });
    expect(age()).toBe('3 min ago');
    expect(container.querySelector('[data-testid=scan-status]')?.textContent).toMatch(/^Scanned 3 min ago, in /);
  });
});
