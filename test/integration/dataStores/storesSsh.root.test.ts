// Data stores over SSH (issue 15): the same probe text through a real sshd on 127.0.0.1 finds the same
// stores, with the same evidence and holders, as it does locally, and a reap plan over SSH skips the same
// store files with the same codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot } from '../../support/root';
import { startSshd, type Sshd } from '../../support/sshd';
import { sshTransportTo } from '../../support/sshTransportTo';
import { makeTempDir } from '../../support/tempDir';
import { stopAllHolders } from '../../support/processes';
import { body, buildDockerContainer, buildGenericWal, buildKafkaLogDir, buildMariadbLogDir, holdOpenAsKafka, put } from '../../support/stores/layouts';
import { StoresService } from '../../../src/main/services/dataStores/storesService';
import { Reaper } from '../../../src/main/services/reap/reaper';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import type { SshTransport } from '../../../src/main/transport/ssh/sshTransport';
import type { ReapPlan } from '../../../src/shared/reapModels';

describe.skipIf(!isRoot)('data stores over SSH (real sshd on 127.0.0.1)', () => {
  let sshd: Sshd;
  let ssh: SshTransport;
  let tmp: { dir: string; cleanup: () => void };
  let data: { dir: string; cleanup: () => void };
  let store: StateStore;
  let root: string;

  beforeAll(async () => {
    sshd = await startSshd();
    ssh = sshTransportTo(sshd);
    tmp = makeTempDir('stores-ssh');
    data = makeTempDir('stores-ssh-state');
    root = join(realpathSync(tmp.dir), 'log');
    mkdirSync(root);
    put(join(root, 'app.log.1'), body(8192));
    buildMariadbLogDir(join(root, 'mysql'));
    const kafka = buildKafkaLogDir(join(root, 'kafka-logs'));
    buildDockerContainer(join(root, 'docker/containers'));
    buildGenericWal(join(root, 'data/wal'));
    await holdOpenAsKafka(kafka.segmentLogs[0]);
    store = openStateStore({ dataDir: data.dir });
    for (const n of ['lab', 'local']) store.roots.add(n, root);
  });

  afterAll(async () => {
    await stopAllHolders();
    await ssh?.close();
    await sshd?.stop();
    store?.close();
    tmp?.cleanup();
    data?.cleanup();
  });

  it('stores.list over SSH equals the local one: kinds, paths, bytes, evidence, holders and guidance', async () => {
    const remote = new StoresService({ transportFor: () => ssh, roots: () => [root] });
    const local = new StoresService({ transportFor: () => new LocalTransport(), roots: () => [root] });
    const started = Date.now();
    const overSsh = await remote.list({ node: 'lab', root });
    const sshMs = Date.now() - started;
    const here = await local.list({ node: 'local', root });
    console.log(`stores over SSH: ${sshMs} ms, ${overSsh.stores.length} stores, ${JSON.stringify(overSsh).length} bytes of report`);
    expect(overSsh.stores.map((s) => s.kind).sort()).toEqual(['docker-json', 'generic-wal', 'kafka', 'mysql-binlog']);
    expect(overSsh.stores).toEqual(here.stores);
    expect(overSsh.stores.find((s) => s.kind === 'kafka')?.holders.map((h) => h.comm)).toEqual(['python3']);
  });

  it('a reap plan over SSH skips the same store files with the same codes as locally', async () => {
    const policy = { maxBytes: 0, maxAgeDays: null, keepNewest: 0 };
    const overSsh = await new Reaper({ transportFor: () => ssh, store, onProgress: () => {}, scanReference: () => null }).plan({ node: 'lab', root, policy });
    const here = await new Reaper({ transportFor: () => new LocalTransport(), store, onProgress: () => {}, scanReference: () => null }).plan({ node: 'local', root, policy });
    const view = (p: ReapPlan) => ({ entries: p.entries.map((e) => e.path).sort(), skipped: p.skipped.map((s) => `${s.code} ${s.path}`).sort(), confirm: p.confirm?.text });
    expect(view(overSsh)).toEqual(view(here));
    expect(view(overSsh).skipped.filter((s) => s.startsWith('store-managed mysql/'))).toHaveLength(5);
    expect(view(overSsh).entries).toContain('app.log.1');
    expect(overSsh.confirm?.text).toBe(join(root, 'data/wal'));
  });
});
