// The window's lockdown, against a fake electron: isolation and sandbox on, no Node, the CSP header on every
// response, navigation anywhere but our own file refused, window.open denied, permissions denied. Then the
// Electron entry itself, started against the same fake: backend, window and IPC wired, and a clean quit.
import type { EventEmitter as Emitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The real electron module cannot run here: src/main/index.ts gets this fake instead.
const entry = vi.hoisted(() => ({
  electron: null as null | Record<string, unknown>,
  menu: null as null | { template: unknown[] },
  log: [] as string[],
}));
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { readFileSync } = await import('node:fs');
  const handlers = new Map<string, (...a: unknown[]) => unknown>();
  const windows: unknown[] = [];
  class App extends EventEmitter {
    whenReady = () => Promise.resolve();
    getPath = () => '/nonexistent/userData'; // SPOOLSCOPE_DATA_DIR wins in this test
    getAppPath = () => '/nonexistent/app';
    requestSingleInstanceLock = () => true;
    getVersion = () => (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    quit = () => {
      entry.log.push('quit');
      const ev = { prevented: false, preventDefault() { this.prevented = true; } };
      this.emit('will-quit', ev);
      if (!ev.prevented) entry.log.push('exited');
    };
    exit = (code: number) => entry.log.push(`exit ${code}`);
  }
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => windows;
    webContents: Emitter & Record<string, unknown>;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      windows.push(this);
      const wc = new EventEmitter() as Emitter & Record<string, unknown>;
      wc.session = { webRequest: { onHeadersReceived: () => {} }, setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} };
      wc.setWindowOpenHandler = () => {};
      wc.isDestroyed = () => false;
      wc.send = vi.fn();
      this.webContents = wc;
    }
    loadFile = vi.fn(() => Promise.resolve());
    show = () => {};
    maximize = () => {};
    bounds = { x: 0, y: 0, width: 1280, height: 820 };
    getNormalBounds = () => this.bounds;
    isMaximized = () => false;
    isMinimized = () => false;
    isDestroyed = () => false;
  }
  class Notification {
    static isSupported = () => true;
    constructor(readonly options: { title: string; body: string }) {}
    show = () => entry.log.push(`notification: ${this.options.title}`);
  }
  const fake = {
    app: new App(),
    BrowserWindow,
    Notification,
    windows,
    handlers,
    ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) },
    dialog: {
      showErrorBox: (title: string, message: string) => entry.log.push(`error box: ${title}: ${message}`),
      showMessageBox: vi.fn((..._args: unknown[]) => Promise.resolve({ response: 0 })),
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: (menu: unknown) => (entry.menu = menu as { template: unknown[] }),
    },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: true },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    // The entry hands safeStorage to the node registry (key passphrases); no keychain here.
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
  };
  entry.electron = fake;
  return fake;
});

import { openStateStore } from '../../../src/main/store/stateStore';
import {
  CONTENT_SECURITY_POLICY,
  appUrlFor,
  createMainWindow,
  hardenAllWebContents,
  isAppUrl,
} from '../../../src/main/electron/windowSecurity';

type Listener = (...args: unknown[]) => void;

class FakeEmitter {
  readonly handlers = new Map<string, Listener[]>();
  on(name: string, fn: Listener) {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener) {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(name) ?? []) fn(...args);
  }
}

class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((d: { url: string }) => unknown) | null = null;
  headersListener: ((details: unknown, cb: (r: unknown) => void) => void) | null = null;
  permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  permissionCheck: ((...a: unknown[]) => boolean) | null = null;
  session = {
    webRequest: { onHeadersReceived: (fn: FakeWebContents['headersListener']) => (this.headersListener = fn) },
    setPermissionRequestHandler: (fn: FakeWebContents['permissionRequest']) => (this.permissionRequest = fn),
    setPermissionCheckHandler: (fn: FakeWebContents['permissionCheck']) => (this.permissionCheck = fn),
  };
  setWindowOpenHandler(fn: (d: { url: string }) => unknown) {
    this.windowOpenHandler = fn;
  }
}

class FakeBrowserWindow extends FakeEmitter {
  static last: FakeBrowserWindow;
  readonly webContents = new FakeWebContents();
  loaded: string | null = null;
  shown = false;
  constructor(readonly options: { webPreferences: Record<string, unknown>; show?: boolean }) {
    super();
    FakeBrowserWindow.last = this;
  }
  loadFile(path: string) {
    this.loaded = path;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
}

const rendererIndexPath = '/opt/spoolscope/out/renderer/index.html';
const appUrl = 'file:///opt/spoolscope/out/renderer/index.html';

function openWindow() {
  createMainWindow({ BrowserWindow: FakeBrowserWindow as never }, { preloadPath: '/opt/spoolscope/out/preload/index.cjs', rendererIndexPath });
  return FakeBrowserWindow.last;
}

function navigate(win: FakeBrowserWindow, eventName: string, url: string): boolean {
  const event = { url, preventDefault: vi.fn() };
  win.webContents.emit(eventName, event, url);
  return event.preventDefault.mock.calls.length > 0;
}

describe('main window', () => {
  it('isolates and sandboxes the renderer with no Node and web security on', () => {
    const win = openWindow();
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/opt/spoolscope/out/preload/index.cjs',
    });
    expect(win.loaded).toBe(rendererIndexPath);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('adds the strict CSP header to every response, keeping the other headers', () => {
    const win = openWindow();
    const cb = vi.fn();
    win.webContents.headersListener!({ url: appUrl, responseHeaders: { 'X-Other': ['1'] } }, cb);
    const headers = cb.mock.calls[0][0].responseHeaders as Record<string, string[]>;
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('refuses navigation to any other URL, in the top frame, sub frames and redirects', () => {
    const win = openWindow();
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'file:///opt/spoolscope/out/renderer/other.html', 'javascript:alert(1)', 'not a url']) {
      expect(navigate(win, 'will-navigate', url), url).toBe(true);
      expect(navigate(win, 'will-frame-navigate', url), url).toBe(true);
      expect(navigate(win, 'will-redirect', url), url).toBe(true);
    }
    // Our own document (a reload, or with a hash) is fine.
    expect(navigate(win, 'will-navigate', appUrl)).toBe(false);
    expect(navigate(win, 'will-navigate', `${appUrl}#/node/local`)).toBe(false);
  });

  it('denies window.open and new windows of any kind, and webviews', () => {
    const win = openWindow();
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: appUrl })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const win = openWindow();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      const cb = vi.fn();
      win.webContents.permissionRequest!(win.webContents, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(win.webContents.permissionCheck!(win.webContents, 'media')).toBe(false);
  });

  it('hardens web contents created later too', () => {
    const app = new FakeEmitter();
    hardenAllWebContents(app as never);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('app URL', () => {
  it('is the renderer file, and only that file matches', () => {
    expect(appUrlFor(rendererIndexPath)).toBe(appUrl);
    expect(isAppUrl(`${appUrl}?x=1#y`, appUrl)).toBe(true);
    expect(isAppUrl('file:///opt/spoolscope/out/renderer/index.html/../../../etc/passwd', appUrl)).toBe(false);
    expect(isAppUrl('http://opt/spoolscope/out/renderer/index.html', appUrl)).toBe(false);
  });
});

describe('Electron entry (src/main/index.ts)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spoolscope-entry-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens the store, the locked-down window and the IPC host, answers our window only, and quits cleanly', async () => {
    vi.stubEnv('SPOOLSCOPE_DATA_DIR', dataDir);
    // Left last time on a display that is still there, light theme chosen.
    const before = openStateStore({ dataDir });
    before.settings.setWindowBounds({ x: 300, y: 120, width: 1300, height: 860, maximized: false });
    before.settings.setTheme('light');
    before.close();
    await import('../../../src/main/index');
    await vi.waitFor(() => expect((entry.electron!.windows as unknown[]).length).toBe(1));
    const win = (entry.electron!.windows as FakeBrowserWindow[])[0] as unknown as {
      options: { webPreferences: Record<string, unknown> };
      webContents: unknown;
      loadFile: { mock: { calls: string[][] } };
    };
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.options.webPreferences.preload).toMatch(/[/]preload[/]index\.cjs$/);
    const rendererIndex = win.loadFile.mock.calls[0][0];
    expect(rendererIndex).toMatch(/[/]renderer[/]index\.html$/);

    const handlers = entry.electron!.handlers as Map<string, (...a: unknown[]) => Promise<unknown>>;
    const invoke = handlers.get('spoolscope:invoke')!;
    const fromWindow = { sender: win.webContents, senderFrame: { url: appUrlFor(rendererIndex), parent: null } };
    expect(await invoke(fromWindow, 'app.info', {})).toMatchObject({ ok: true, result: { frontDoor: 'ipc', dataDir } });
    expect(await invoke(fromWindow, 'roots.list', {})).toMatchObject({ ok: true, result: { roots: [{ path: '/var/log' }] } });
    expect(await invoke({ ...fromWindow, sender: {} }, 'roots.list', {})).toMatchObject({ ok: false, code: 'forbidden' });

    // The window opens where it was left; Electron's theme follows the saved one, and a change made in the window.
    expect(win.options).toMatchObject({ x: 300, y: 120, width: 1300, height: 860 });
    const nativeTheme = entry.electron!.nativeTheme as { themeSource: string };
    expect(nativeTheme.themeSource).toBe('light');
    expect(await invoke(fromWindow, 'settings.theme.set', { theme: 'dark' })).toMatchObject({ ok: true, result: { theme: 'dark' } });
    expect(nativeTheme.themeSource).toBe('dark');

    // The menu: Rescan and Find reach the window as app.command events; About names package.json's version.
    type Item = { id?: string; click?: () => void; submenu?: Item[] };
    const flat = (list: Item[]): Item[] => list.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
    const menuItems = flat(entry.menu!.template as Item[]);
    const sent = (win.webContents as unknown as { send: { mock: { calls: unknown[][] } } }).send.mock.calls;
    menuItems.find((i) => i.id === 'rescan')!.click!();
    menuItems.find((i) => i.id === 'find')!.click!();
    expect(sent.filter((c) => c[1] === 'app.command')).toEqual([
      ['spoolscope:event', 'app.command', { command: 'rescan' }],
      ['spoolscope:event', 'app.command', { command: 'find' }],
    ]);
    menuItems.find((i) => i.id === 'about')!.click!();
    const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const about = (entry.electron!.dialog as { showMessageBox: { mock: { calls: unknown[][] } } }).showMessageBox.mock.calls;
    expect(about.at(-1)!.at(-1)).toMatchObject({ message: `Spoolscope ${version}` });

    // Moved, then closed: the new place is what the next start reads.
    const moved = win as unknown as { bounds: object; emit(name: string): void };
    moved.bounds = { x: 40, y: 30, width: 1500, height: 900 };
    moved.emit('move');
    moved.emit('close');

    (entry.electron!.app as { quit(): void }).quit();
    await vi.waitFor(() => expect(entry.log).toContain('exited'));
    expect(handlers.size).toBe(0);
    expect(entry.log.filter((l) => l.startsWith('error box') || l.startsWith('exit '))).toEqual([]);
    const after = openStateStore({ dataDir });
    expect(after.settings.windowBounds()).toEqual({ x: 40, y: 30, width: 1500, height: 900, maximized: false });
    expect(after.settings.theme()).toBe('dark');
    after.close();
    vi.unstubAllEnvs();
  });
});
