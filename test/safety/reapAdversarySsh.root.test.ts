// The reap seeds once more through a real sshd on 127.0.0.1 (1..10 in `npm test`, the whole default set
// 1..50 with SPOOLSCOPE_SAFETY=full): the facts probe and the executor are the same script text, here run
// through the SSH transport (one exec channel per batch), on the same hostile trees with the same adversary
// at the same set points. The invariant is the local suite's.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openStateStore, type StateStore } from '../../src/main/store/stateStore';
import type { SshTransport } from '../../src/main/transport/ssh/sshTransport';
import { stopAllHolders } from '../support/processes';
import { isRoot } from '../support/root';
import { replayCommand, sshSafetySeeds } from '../support/seededRandom';
import { startSshd, type Sshd } from '../support/sshd';
import { sshTransportTo } from '../support/sshTransportTo';
import { makeTempDir } from '../support/tempDir';
import { runReapSeed } from './reapSeed';
import { failureMessage, Tally } from './tally';

const FILE = 'test/safety/reapAdversarySsh.root.test.ts';
const { seeds, mode } = sshSafetySeeds();

describe.skipIf(!isRoot)('reap under a seeded adversary, over SSH: nothing outside the plan is removed', () => {
  const tally = new Tally(`reap, ssh, ${mode}`);
  let data: { dir: string; cleanup: () => void };
  let store: StateStore;
  let sshd: Sshd;
  let ssh: SshTransport;

  beforeAll(async () => {
    sshd = await startSshd();
    ssh = sshTransportTo(sshd);
    data = makeTempDir('safety-reap-ssh');
    store = openStateStore({ dataDir: data.dir });
  });

  afterAll(async () => {
    tally.report('reap-ssh');
    await stopAllHolders();
    await ssh?.close();
    await sshd?.stop();
    store?.close();
    data?.cleanup();
  });

  it.each(seeds)('seed %i over SSH: every removed file was planned, unchanged and unheld; canaries intact', async (seed) => {
    const r = await runReapSeed(seed, { node: ssh.nodeName, store, transport: ssh });
    tally.add(r);
    if (r.violations.length > 0) throw new Error(failureMessage(r, replayCommand(seed, FILE)));
  });
});
