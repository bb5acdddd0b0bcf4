// The one window, locked down: the renderer gets no Node, runs sandboxed and isolated from the preload,
// can only ever show our own index.html, opens no windows, gets no permissions, and runs under a strict
// CSP. The electron module is passed in (not imported) so tests can hand in a fake.
import { pathToFileURL } from 'node:url';
import type { App, BrowserWindow, Session, WebContents } from 'electron';
import { DEFAULT_SIZE, MIN_SIZE, type WindowPlacement } from './windowBounds';

export type ElectronForWindow = { BrowserWindow: typeof BrowserWindow };

/**
 * Sent as a header on every response, so it holds even if index.html loses its meta tag. When both are
 * present both apply: the stricter of each directive wins. Scripts are 'self' only; inline styles are
 * tolerated here because they cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface MainWindowOptions {
  /** out/preload/index.cjs: CommonJS, as a sandboxed preload must be. */
  preloadPath: string;
  /** out/renderer/index.html */
  rendererIndexPath: string;
  /** Where the window was left (windowBounds.ts); the default size, placed by the window manager, without. */
  placement?: WindowPlacement;
  /** Painted before the page: the theme's page background, so there is no flash of the other theme. */
  backgroundColor?: string;
}

/** file:// URL of the renderer: the only document the window may show and the only IPC sender we trust. */
export function appUrlFor(rendererIndexPath: string): string {
  return pathToFileURL(rendererIndexPath).href;
}

/** Same document as the app: file: scheme and the same path. Query and hash are the renderer's business. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(appUrl);
    return a.protocol === 'file:' && a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Camera, notifications, clipboard, HID...: Spoolscope needs none, so nothing is ever granted.
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Navigation anywhere but our own file is refused, and no window.open / target=_blank ever opens. */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  const guard = (event: { preventDefault(): void; url?: string }, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? '';
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Belt and braces for any web contents created later (devtools, a future dialog): no popups, no webviews. */
export function hardenAllWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function createMainWindow(electron: ElectronForWindow, opts: MainWindowOptions): BrowserWindow {
  const placement = opts.placement ?? { ...DEFAULT_SIZE, maximized: false };
  const win = new electron.BrowserWindow({
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    width: placement.width,
    height: placement.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Spoolscope',
    backgroundColor: opts.backgroundColor ?? '#0d1117',
    // Shown once painted: no flash of a blank window before the UI.
    show: false,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  hardenSession(win.webContents.session);
  hardenWebContents(win.webContents, appUrlFor(opts.rendererIndexPath));
  win.once('ready-to-show', () => {
    if (placement.maximized) win.maximize();
    win.show();
  });
  void win.loadFile(opts.rendererIndexPath);
  return win;
}
