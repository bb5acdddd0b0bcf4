// Each root tied to the mount df names for it, on a real node: a tmpfs with a directory of it bind-mounted
// elsewhere. df's listing shows that filesystem once (under the tmpfs's own mount point), so a root under
// the bind mount used to have no filesystem in the panel while its watch and alerts named the bind mount.
// node.filesystems names the bind mount for that root, lists its filesystem, and answers null for a root that
// does not exist yet. Needs root (mount).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { ResponseOf } from '../../../src/shared/contract';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';

describe.skipIf(!isRoot)('node.filesystems: the mount of each configured root', () => {
  let tmp: Tmpfs;
  let bind: string;
  let data: { dir: string; cleanup: () => void };
  let backend: Backend;

  beforeAll(() => {
    tmp = mountTmpfs(8);
    mkdirSync(join(tmp.dir, 'inner/logs'), { recursive: true });
    bind = mkdtempSync(join(tmpdir(), 'spoolscope-bind-'));
    execFileSync('mount', ['--bind', join(tmp.dir, 'inner'), bind]);
    data = makeTempDir('root-mounts');
    backend = createBackend({ dataDir: data.dir, frontDoor: 'cli' });
  });

  afterAll(async () => {
    await backend?.close();
    if (bind) {
      execFileSync('umount', [bind]);
      rmdirSync(bind);
    }
    tmp?.unmount();
    data?.cleanup();
  });

  it('names the mount df gives each root, and lists a bind mount the df listing leaves out', async () => {
    const listing = execFileSync('df', ['--output=target']).toString();
    expect(listing.split('\n').map((l) => l.trim())).not.toContain(bind);

    const onBind = join(bind, 'logs');
    const notYet = join(tmp.dir, 'not-made-yet');
    for (const path of [onBind, notYet, tmp.dir]) {
      const added = await backend.dispatcher.call('roots.add', { node: 'local', path }, { frontDoor: 'cli' });
      expect(added.ok).toBe(true);
    }
    const r = await backend.dispatcher.call('node.filesystems', { node: 'local' }, { frontDoor: 'cli' });
    if (!r.ok) throw new Error(r.message);
    const { filesystems, rootMounts } = r.result as ResponseOf<'node.filesystems'>;
    const byRoot = new Map(rootMounts.map((m) => [m.root, m.mount]));
    expect(byRoot.get(onBind)).toBe(bind);
    expect(byRoot.get(tmp.dir)).toBe(tmp.dir);
    expect(byRoot.get(notYet)).toBeNull();
    // The default /var/log is there too, on whatever df says holds it.
    const dfVarLog = execFileSync('df', ['--output=target', '/var/log']).toString().trim().split('\n')[1];
    expect(byRoot.get('/var/log')).toBe(dfVarLog);

    const bound = filesystems.find((f) => f.mount === bind);
    expect(bound).toMatchObject({ fstype: 'tmpfs', sizeBytes: 8 * 1024 * 1024 });
    expect(filesystems.filter((f) => f.mount === tmp.dir)).toHaveLength(1);
  });
});
