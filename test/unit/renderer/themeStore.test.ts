// @vitest-environment happy-dom
// The theme as the window applies it: the backend's saved choice, the system's preference under "system",
// another window's change, a choice saved through settings.theme.set; and the menu's commands as DOM events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIND_REQUEST_EVENT } from '../../../src/shared/appCommands';
import { resolveTheme } from '../../../src/renderer/src/theme/resolveTheme';
import { useThemeStore } from '../../../src/renderer/src/theme/themeStore';
import { listenForAppCommands } from '../../../src/renderer/src/appCommands';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { fail, flush, installFakeApi, ok } from './fakeApi';

const api = installFakeApi();

/** A prefers-color-scheme the test can flip, as the desktop would. */
function fakeSystem(dark: boolean) {
  const listeners = new Set<(e: { matches: boolean }) => void>();
  const media = {
    matches: dark,
    addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.delete(l),
  };
  vi.spyOn(window, 'matchMedia').mockImplementation(() => media as unknown as MediaQueryList);
  return {
    flip(toDark: boolean) {
      media.matches = toDark;
      for (const l of listeners) l({ matches: toDark });
    },
    listeners,
  };
}

const html = () => document.documentElement;
let stop: (() => void) | null = null;

beforeEach(() => {
  api.reset();
  useThemeStore.setState(useThemeStore.getInitialState());
  delete html().dataset.theme;
});
afterEach(() => {
  stop?.();
  stop = null;
  vi.restoreAllMocks();
});

describe('resolveTheme', () => {
  it('takes the system set under "system" and the named set otherwise', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('theme store', () => {
  it('applies the saved choice to <html> once the backend answers', async () => {
    fakeSystem(true);
    api.answer('settings.theme.get', () => ok({ theme: 'light' }));
    stop = useThemeStore.getState().init();
    await flush();
    expect(html().dataset.theme).toBe('light');
    expect(html().dataset.themeChoice).toBe('light');
  });

  it('follows the system while the choice is "system", and stops following it when one is chosen', async () => {
    const system = fakeSystem(false);
    api.answer('settings.theme.get', () => ok({ theme: 'system' }));
    api.answer('settings.theme.set', (r) => ok({ theme: r.theme }));
    stop = useThemeStore.getState().init();
    await flush();
    expect(html().dataset.theme).toBe('light');
    system.flip(true);
    expect(html().dataset.theme).toBe('dark');
    await useThemeStore.getState().choose('light');
    expect(html().dataset.theme).toBe('light');
    system.flip(false);
    system.flip(true);
    expect(html().dataset.theme).toBe('light');
    expect(api.requests('settings.theme.set')).toEqual([{ theme: 'light' }]);
    stop();
    stop = null;
    expect(system.listeners.size).toBe(0);
  });

  it("takes another window's change from the settings.theme event", async () => {
    fakeSystem(true);
    api.answer('settings.theme.get', () => ok({ theme: 'dark' }));
    stop = useThemeStore.getState().init();
    await flush();
    api.emit('settings.theme', { theme: 'light' });
    expect(html().dataset.theme).toBe('light');
    expect(useThemeStore.getState().choice).toBe('light');
  });

  it('a get reply that arrives after a choice does not undo the choice', async () => {
    fakeSystem(true);
    api.answer('settings.theme.set', (r) => ok({ theme: r.theme }));
    stop = useThemeStore.getState().init();
    await useThemeStore.getState().choose('light');
    api.reply('settings.theme.get', ok({ theme: 'dark' }));
    await flush();
    expect(html().dataset.theme).toBe('light');
  });

  it('keeps the choice in this window and says so when it cannot be saved', async () => {
    fakeSystem(true);
    api.answer('settings.theme.get', () => ok({ theme: 'dark' }));
    api.answer('settings.theme.set', () => fail('the disk is full'));
    stop = useThemeStore.getState().init();
    await flush();
    await useThemeStore.getState().choose('light');
    expect(html().dataset.theme).toBe('light');
    expect(useThemeStore.getState().saveError).toMatch(/could not be saved: the disk is full/);
  });
});

describe('app commands', () => {
  it('raises the find event on window for the menu\'s Find, and rescans the selected root for Rescan', async () => {
    api.answer('scan.start', () => fail('not in this test'));
    stop = listenForAppCommands(window);
    const found = vi.fn();
    window.addEventListener(FIND_REQUEST_EVENT, found);
    api.emit('app.command', { command: 'find' });
    expect(found).toHaveBeenCalledTimes(1);
    window.removeEventListener(FIND_REQUEST_EVENT, found);

    useNavStore.setState({ screen: 'node', node: 'local' });
    useNodeStore.setState({ selectedRoot: '/var/log' });
    api.emit('app.command', { command: 'rescan' });
    await flush();
    expect(api.requests('scan.start')).toEqual([{ node: 'local', root: '/var/log' }]);

    useNavStore.setState({ screen: 'fleet' });
    api.answer('fleet.refresh', () => ok({ queued: 0 } as never));
    api.emit('app.command', { command: 'rescan' });
    await flush();
    expect(api.requests('fleet.refresh')).toHaveLength(1);
  });
});
