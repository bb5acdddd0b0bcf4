// Scratch space for an e2e suite that fills a filesystem: a small real tmpfs (the scanned root goes there)
// and a data dir for the app outside it (so the app's own files never count against it), removed together
// with every helper process still holding files open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mountTmpfs } from './mounts';
import { stopAllHolders } from './processes';

export interface TmpfsScratch {
  /** The tmpfs mount point. */
  dir: string;
  /** Not made yet: serve makes it (see servedApp.ts). */
  dataDir: string;
  /** Stops every supervised helper, unmounts the tmpfs and deletes the data dir. */
  remove(): Promise<void>;
}

export function makeTmpfsScratch(name: string, sizeMb: number): TmpfsScratch {
  const tmp = mkdtempSync(join(tmpdir(), `spoolscope-${name}-`));
  let tmpfs;
  try {
    tmpfs = mountTmpfs(sizeMb);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const mounted = tmpfs;
  return {
    dir: mounted.dir,
    dataDir: join(tmp, 'data'),
    async remove() {
      await stopAllHolders();
      mounted.unmount();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
