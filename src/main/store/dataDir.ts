// Where the state store lives. One rule for all three front doors so a CLI scan and the window see the
// same roots: SPOOLSCOPE_DATA_DIR wins (tests, demos, several profiles), then Electron's userData (the
// platform's convention for a desktop app), then the XDG data dir (serve and CLI have no userData).
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { isDiskRefusal, readOnlyAncestor } from './diskRefusal';

export interface DataDirInput {
  env: Record<string, string | undefined>;
  /** app.getPath('userData'), only under Electron. */
  electronUserData?: string;
  /** For tests; defaults to $HOME, then os.homedir(). */
  homeDir?: string;
}

/** Pure: which directory, without touching the disk. */
export function chooseDataDir({ env, electronUserData, homeDir }: DataDirInput): string {
  const override = env.SPOOLSCOPE_DATA_DIR?.trim();
  if (override) return resolve(override);
  if (electronUserData) return resolve(electronUserData);
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, 'spoolscope');
  const home = homeDir ?? (env.HOME?.trim() || homedir());
  return join(home, '.local', 'share', 'spoolscope');
}

/**
 * Chooses the directory and creates it (0700: it holds host names, paths and, later, an audit log). A disk
 * that refuses the write (full, read-only) is not an error here: the store then falls back to a temporary
 * one for the run (storeOrTemporary.ts), which is what a first run on a full disk needs.
 */
export function resolveDataDir(input: DataDirInput): string {
  const dir = chooseDataDir(input);
  try {
    // An existing directory keeps its mode: the operator may have chosen it on purpose.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    // A recursive mkdir under a read-only mount says ENOENT, not EROFS: ask the mount itself.
    if (isDiskRefusal(err) || readOnlyAncestor(dir)) return dir;
    throw new Error(`cannot create the Spoolscope data directory ${dir}: ${(err as Error).message} (set SPOOLSCOPE_DATA_DIR to use another one)`, { cause: err });
  }
  return dir;
}
