// better-sqlite3 is a native addon, and Node and Electron have different ABIs (NODE_MODULE_VERSION).
// node_modules keeps the Node build (tests, serve, CLI); the desktop window loads a second build made for
// its Electron version, which scripts/start.js compiles once into native/ (git-ignored) and which is
// passed to better-sqlite3's `nativeBinding` option. The folder is per Electron version, so upgrading
// Electron can never load a stale build. scripts/electronBinary.js mirrors this path for the start script
// (a test checks the two agree).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_DIR = 'native';
export const SQLITE_ADDON_FILE = 'better_sqlite3.node';

export function electronNativeBindingPath(appRoot: string, electronVersion: string): string {
  return join(appRoot, NATIVE_DIR, `electron-${electronVersion}`, SQLITE_ADDON_FILE);
}

export interface NativeBindingChoice {
  /** Pass to openStateStore / createBackend; undefined means better-sqlite3's own node_modules build. */
  nativeBinding: string | undefined;
  /** Set when running under Electron without the Electron-ABI build: opening the store will likely fail. */
  problem: string | null;
}

/**
 * Which addon this runtime should load. Under plain Node: none (the default build). Under Electron: the
 * per-version build when present; otherwise the default, with a problem text the caller can show if the
 * store then fails to open (someone ran `electron .` without `npm start`).
 */
export function chooseNativeBinding(appRoot: string, versions: NodeJS.ProcessVersions = process.versions): NativeBindingChoice {
  const electronVersion = (versions as NodeJS.ProcessVersions & { electron?: string }).electron;
  if (!electronVersion) return { nativeBinding: undefined, problem: null };
  const path = electronNativeBindingPath(appRoot, electronVersion);
  if (existsSync(path)) return { nativeBinding: path, problem: null };
  return {
    nativeBinding: undefined,
    problem: `better-sqlite3 has not been built for Electron ${electronVersion} (expected ${path}); start Spoolscope with "npm start", which builds it`,
  };
}
