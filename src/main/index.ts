// The Electron entry (out/main/index.js): the same backend as serve and the CLI, reached through IPC.
// This file and src/main/electron/* are the only main-process code that imports electron.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, Notification, safeStorage, screen } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, type Backend } from './backend';
import { createTrustedSenderCheck, registerIpcHost } from './electron/ipcHost';
import { registerNcduTransfers } from './electron/ncduTransfers';
import { registerAlertNotifications } from './electron/alertNotifier';
import { appUrlFor, createMainWindow, hardenAllWebContents } from './electron/windowSecurity';
import { installAppMenu } from './electron/appMenu';
import { showAboutBox } from './electron/aboutBox';
import { followSavedTheme } from './electron/nativeThemeSync';
import { placementFor, trackWindowBounds } from './electron/windowBounds';
import { resolveDataDir } from './store/dataDir';
import { chooseNativeBinding } from './store/nativeBinding';

// Paths from this file, not the cwd: out/main/index.js -> out/preload, out/renderer.
const outDir = fileURLToPath(new URL('..', import.meta.url));
const preloadPath = join(outDir, 'preload', 'index.cjs');
const rendererIndexPath = join(outDir, 'renderer', 'index.html');

let backend: Backend | null = null;
let win: BrowserWindow | null = null;
let disposeIpc: (() => void) | null = null;
let disposeNcdu: (() => void) | null = null;
let closed = false;

function fatal(message: string): void {
  console.error(`spoolscope: ${message}`);
  dialog.showErrorBox('Spoolscope could not start', message);
  app.exit(1);
}

function openWindow(): void {
  const settings = backend?.store.settings;
  const placement = placementFor(settings?.windowBounds() ?? null, screen.getAllDisplays().map((d) => d.workArea));
  // The page backgrounds of styles.css's two sets: the window is painted in the theme it will show.
  const backgroundColor = nativeTheme.shouldUseDarkColors ? '#0d1117' : '#f4f6f8';
  const opened = createMainWindow({ BrowserWindow }, { preloadPath, rendererIndexPath, placement, backgroundColor });
  win = opened;
  const stopTracking = settings ? trackWindowBounds(opened, (b) => settings.setWindowBounds(b), { onError: (m) => console.error(`spoolscope: ${m}`) }) : () => {};
  opened.on('closed', () => {
    stopTracking();
    if (win === opened) win = null;
  });
}

function start(): void {
  const dataDir = resolveDataDir({ env: process.env, electronUserData: app.getPath('userData') });
  // Electron's ABI differs from Node's: load the better-sqlite3 build made for this Electron version.
  const native = chooseNativeBinding(app.getAppPath());
  try {
    // Key passphrases are persisted only through the OS keychain (KeyPassphrases refuses its plain-text backend).
    backend = createBackend({ dataDir, frontDoor: 'ipc', nativeBinding: native.nativeBinding, secretBox: safeStorage });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    fatal(native.problem ? `${why}\n\n${native.problem}` : why);
    return;
  }
  const webContents = () => win?.webContents;
  const trusted = createTrustedSenderCheck(webContents, appUrlFor(rendererIndexPath));
  disposeIpc = registerIpcHost(ipcMain, backend.dispatcher, backend.events, trusted, webContents);
  const opened = backend;
  disposeNcdu = registerNcduTransfers(ipcMain, {
    dialog,
    backend: {
      importNcdu: (body, fileName) => opened.importNcdu(body, fileName),
      exportNcdu: (node, root, write, signal) => opened.exportNcdu(node, root, app.getVersion(), write, signal),
    },
    isTrustedSender: trusted,
    getWindow: () => win,
    getWebContents: webContents,
  });
  const watchSettings = backend.watching.service;
  registerAlertNotifications(Notification, backend.events, { enabled: (node) => watchSettings.alertConfig(node).notify });
  followSavedTheme(nativeTheme, backend.events, backend.store.settings.theme());
  const events = backend.events;
  installAppMenu(Menu, {
    command: (command) => events.emit('app.command', { command }),
    about: () => void showAboutBox(dialog, win, { version: app.getVersion(), versions: process.versions }),
  });
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

// Two windows on one store would race each other's scans: a second launch focuses the first instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenAllWebContents(app);
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quit waits for the backend: running scans stop and the store is closed (its WAL folded back).
  app.on('will-quit', (event) => {
    if (!backend || closed) return;
    event.preventDefault();
    if (disposeIpc === null) return; // already closing
    disposeIpc();
    disposeIpc = null;
    disposeNcdu?.();
    disposeNcdu = null;
    backend
      .close()
      .catch((err: unknown) => console.error(`spoolscope: closing the backend failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fatal(err instanceof Error ? err.message : String(err)));
}
