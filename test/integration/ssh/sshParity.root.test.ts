// Held files read here and over SSH (a real sshd on 127.0.0.1) give the same JSON from the CLI for a
// process holding deleted files on a tmpfs (root only: mounts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHolder, type Holder } from '../../support/holders';
import { mountTmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startSshCli, type SshCli } from '../../support/sshCli';
import { makeTempDir } from '../../support/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let cli: SshCli;

describe.skipIf(!isRoot)('local and SSH give the same held files', () => {
  beforeAll(async () => {
    tmp = makeTempDir('ssh-parity-held');
    cli = await startSshCli(tmp.dir);
  });
  afterAll(async () => {
    await stopAllHolders();
    await cli?.stop();
    tmp?.cleanup();
  });

  it('held: the same holder, files and filesystem accounting for a process holding deleted files', async () => {
    const fs = mountTmpfs(16);
    let holder: Holder | null = null;
    try {
      holder = await startHolder({ dir: fs.dir, name: 'gazette-append-17', mode: 'append', bytes: 3 * 1024 * 1024 });
      type Held = { holders: { pid: number }[]; filesystems: { mount: string }[] };
      const local = cli.json(['held']) as Held;
      const remote = cli.json(['held', ...cli.flags]) as Held;
      const mine = (h: Held) => h.holders.find((x) => x.pid === holder!.pid);
      const onFs = (h: Held) => h.filesystems.find((f) => f.mount === fs.dir);
      expect(mine(local)).toBeDefined();
      expect(mine(remote)).toEqual(mine(local));
      expect(onFs(remote)).toEqual(onFs(local));
      expect((onFs(local) as unknown as { heldBytes: number }).heldBytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    } finally {
      await holder?.stop();
      fs.unmount();
    }
  });
});
