// @vitest-environment happy-dom
// The filesystem list hides pseudo and tiny filesystems until "show all" (issue 16), and never one that
// holds a root or is named by an alert.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Filesystem } from '../../../src/shared/models';
import type { WatchAlert } from '../../../src/shared/watchModels';
import { FilesystemBars } from '../../../src/renderer/src/components/FilesystemBars';
import { isPseudoOrTiny } from '../../../src/renderer/src/state/fsVisibility';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { pinnedMounts, shownFilesystems } from '../../../src/renderer/src/state/shownFilesystems';
import { useWatchStore } from '../../../src/renderer/src/state/watchStore';
import { installFakeApi } from './fakeApi';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
installFakeApi();

const GiB = 1024 ** 3;
function fs(mount: string, fstype: string, sizeBytes: number, usedBytes = sizeBytes / 2): Filesystem {
  const availBytes = sizeBytes - usedBytes;
  const fillRatio = sizeBytes > 0 ? usedBytes / sizeBytes : 0;
  return { mount, source: 'x', fstype, sizeBytes, usedBytes, availBytes, inodesTotal: 10, inodesUsed: 1, inodesAvail: 9, fillRatio, level: fillRatio >= 0.9 ? 'critical' : 'ok' };
}

const listing = [
  fs('/', 'ext4', 250 * GiB),
  fs('/srv/spool', 'xfs', 2000 * GiB),
  fs('/dev', 'devtmpfs', 12 * GiB, 0),
  fs('/dev/shm', 'tmpfs', 23 * GiB, 0),
  fs('/sys/fs/cgroup', 'tmpfs', 12 * GiB, 0),
  fs('/run/credentials/x.service', 'tmpfs', 512 * 1024),
  fs('/mnt/sandboxing', 'tmpfs', 4096, 0),
  fs('/run', 'tmpfs', 3 * GiB),
  fs('/proc/sys/fs/binfmt_misc', 'binfmt_misc', 0, 0),
];

describe('pseudo and tiny filesystems', () => {
  it('are the kernel\'s (/dev, /sys, /proc, by type or place) and those under 1 MiB', () => {
    expect(listing.filter(isPseudoOrTiny).map((f) => f.mount)).toEqual(['/dev', '/dev/shm', '/sys/fs/cgroup', '/run/credentials/x.service', '/mnt/sandboxing', '/proc/sys/fs/binfmt_misc']);
    // A real disk, and a tmpfs of a useful size elsewhere, stay.
    expect(isPseudoOrTiny(fs('/run', 'tmpfs', 3 * GiB))).toBe(false);
    expect(isPseudoOrTiny(fs('/developer', 'ext4', 10 * GiB))).toBe(false);
    expect(isPseudoOrTiny(fs('/var/log', 'tmpfs', 1024 * 1024))).toBe(false);
  });

  it('are never hidden when they hold a root or an alert names them', () => {
    const alert: WatchAlert = { key: 'fill:/mnt/sandboxing', kind: 'fill', node: 'local', subject: '/mnt/sandboxing', severity: 'critical', message: 'full', since: 1 };
    const pinned = pinnedMounts({ '/sys/fs/cgroup/logs': '/sys/fs/cgroup' }, [alert], 'local');
    const shown = shownFilesystems(listing, pinned, [], [alert], isPseudoOrTiny).map((s) => (s.kind === 'listed' ? s.fs.mount : s.mount));
    expect(shown.sort()).toEqual(['/', '/mnt/sandboxing', '/run', '/srv/spool', '/sys/fs/cgroup']);
  });
});

describe('the panel\'s show all', () => {
  let container: HTMLDivElement;
  let reactRoot: ReactRoot;
  beforeEach(() => {
    useNavStore.setState({ screen: 'node', node: 'local' });
    useNodeStore.getState().reset();
    useWatchStore.setState({ alerts: [], snapshot: null });
    ({ host: container, root: reactRoot } = mountHost());
  });
  afterEach(() => {
    unmountHost({ host: container, root: reactRoot });
  });
  const cards = () => [...container.querySelectorAll('li.fs')].map((li) => li.getAttribute('data-mount')).sort();

  it('hides them by default, shows them all on request, and hides them again', () => {
    useNodeStore.setState({ loading: false, filesystems: listing, rootMounts: { '/var/log': '/' }, selectedRoot: '/var/log' });
    act(() => reactRoot.render(createElement(FilesystemBars)));
    expect(cards()).toEqual(['/', '/run', '/srv/spool']);
    const toggle = container.querySelector<HTMLButtonElement>('[data-testid=fs-show-all]')!;
    expect(toggle.textContent).toContain('6 pseudo or tiny hidden');
    act(() => toggle.click());
    expect(cards()).toHaveLength(listing.length);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    act(() => toggle.click());
    expect(cards()).toEqual(['/', '/run', '/srv/spool']);
  });
});
