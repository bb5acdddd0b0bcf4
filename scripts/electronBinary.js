// Finds the Electron binary WITHOUT require('electron'). Since Electron 42 the package has no postinstall:
// its index.js downloads the binary on first require, printing progress, and where the download cannot
// happen (no route to the host, as on some build machines) it throws with a stack trace. The start script
// must instead say one clear line, so it reads the package's own files the same way index.js does.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const MISSING_ELECTRON_MESSAGE =
  'spoolscope: the Electron binary is not installed on this machine (it could not be downloaded); run "npm run serve" to use Spoolscope in a browser instead.';

/** Where the electron package is installed, or null. SPOOLSCOPE_ELECTRON_PACKAGE_DIR is a test hook. */
export function electronPackageDir(appRoot, env = process.env) {
  if (env.SPOOLSCOPE_ELECTRON_PACKAGE_DIR) return env.SPOOLSCOPE_ELECTRON_PACKAGE_DIR;
  try {
    return dirname(createRequire(join(appRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * Mirrors getElectronPath() in node_modules/electron/index.js, minus the download:
 * ELECTRON_OVERRIDE_DIST_PATH wins, else dist/<path.txt>. Returns
 * { ok: true, path, version, packageDir } or { ok: false, reason, version?, packageDir? }.
 */
export function locateElectronBinary(packageDir, env = process.env) {
  if (!packageDir) return { ok: false, reason: 'the electron package is not installed' };
  let version;
  try {
    version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return { ok: false, packageDir, reason: `cannot read ${join(packageDir, 'package.json')}` };
  }
  let relative = '';
  try {
    relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    // path.txt is written only after a successful download
  }
  let path = null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  else if (relative) path = join(packageDir, 'dist', relative);
  if (path && existsSync(path)) return { ok: true, path, version, packageDir };
  return { ok: false, version, packageDir, reason: path ? `${path} is missing` : 'the binary was never downloaded' };
}

/**
 * Runs the package's own install.js (what require('electron') would do) with its output captured, so a
 * failure costs no stack trace on screen. Resolves true when it exited 0. `onSlow` fires once after
 * slowMs, so a real first-run download on a normal machine does not look like a hang.
 */
export function downloadElectron(packageDir, { env = process.env, slowMs = 3000, timeoutMs = 15 * 60_000, onSlow = () => {} } = {}) {
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return Promise.resolve(false);
  const installer = join(packageDir, 'install.js');
  if (!existsSync(installer)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], { cwd: packageDir, env, stdio: ['ignore', 'ignore', 'ignore'] });
    const slow = setTimeout(onSlow, slowMs);
    const limit = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    const done = (ok) => {
      clearTimeout(slow);
      clearTimeout(limit);
      resolve(ok);
    };
    child.on('error', () => done(false));
    child.on('exit', (code) => done(code === 0));
  });
}

/** Mirrors electronNativeBindingPath() in src/main/store/nativeBinding.ts (a test keeps them equal). */
export function nativeBindingPath(appRoot, electronVersion) {
  return join(appRoot, 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

/**
 * The start script's decision, given what is on disk: 'missing' (print MISSING_ELECTRON_MESSAGE, exit 1),
 * or 'launch' with whether the Electron-ABI better-sqlite3 still has to be built first.
 */
export function planStart(appRoot, binary) {
  if (!binary.ok) return { action: 'missing', message: MISSING_ELECTRON_MESSAGE };
  const nativeBinding = nativeBindingPath(appRoot, binary.version);
  return { action: 'launch', electronPath: binary.path, electronVersion: binary.version, nativeBinding, needsNativeBuild: !existsSync(nativeBinding) };
}
