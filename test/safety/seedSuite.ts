// One shape for the four seeded suites (reap and reclaim, locally and over a real sshd): a state store of
// their own, the transport to the node, one test per seed judged by the one invariant, a tally of what the
// runs did, and checks over the whole run that the suite is not passing by refusing everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NODE } from '../../src/shared/nodeNames';
import { openStateStore, type StateStore } from '../../src/main/store/stateStore';
import { LocalTransport } from '../../src/main/transport/localTransport';
import type { Transport } from '../../src/main/transport/transport';
import { stopAllHolders } from '../support/processes';
import { isRoot } from '../support/root';
import { replayCommand, safetySeeds, sshSafetySeeds } from '../support/seededRandom';
import { startSshd, type Sshd } from '../support/sshd';
import { sshTransportTo } from '../support/sshTransportTo';
import { makeTempDir } from '../support/tempDir';
import { failureMessage, Tally, type SeedResult } from './tally';

export interface SeedRunEnv {
  node: string;
  store: StateStore;
  /** The real transport to the node (local, or SSH to this machine). */
  transport: Transport;
}

export interface SeedSuite {
  kind: 'reap' | 'reclaim';
  over: 'local' | 'ssh';
  /** This test file, for the replay command a failure prints. */
  file: string;
  /** What the suite proves (the describe). */
  title: string;
  /** What each seed proves, with %i for the seed. */
  seedTitle: string;
  run(seed: number, env: SeedRunEnv): Promise<SeedResult>;
  /** Over the whole run (skipped when replaying seeds): the runs did something worth judging. */
  didWork?: { title: string; check(results: readonly SeedResult[]): void };
}

export function describeSeedSuite(s: SeedSuite): void {
  const { seeds, mode } = s.over === 'ssh' ? sshSafetySeeds() : safetySeeds();
  describe.skipIf(!isRoot)(s.title, () => {
    const tally = new Tally(`${s.kind}, ${s.over}, ${mode}`);
    let data: { dir: string; cleanup: () => void };
    let store: StateStore;
    let sshd: Sshd | null = null;
    let transport: Transport;

    beforeAll(async () => {
      if (s.over === 'ssh') {
        sshd = await startSshd();
        transport = sshTransportTo(sshd);
      } else {
        transport = new LocalTransport();
      }
      data = makeTempDir(`safety-${s.kind}-${s.over}`);
      store = openStateStore({ dataDir: data.dir });
    });

    afterAll(async () => {
      tally.report(`${s.kind}-${s.over}`);
      await stopAllHolders();
      await transport?.close();
      await sshd?.stop();
      store?.close();
      data?.cleanup();
    });

    it.each(seeds)(s.seedTitle, async (seed) => {
      const node = s.over === 'ssh' ? transport.nodeName : LOCAL_NODE;
      const r = await s.run(seed, { node, store, transport });
      tally.add(r);
      if (r.violations.length > 0) throw new Error(failureMessage(r, replayCommand(seed, s.file)));
    });

    if (s.didWork) {
      const { title, check } = s.didWork;
      // Shares of a handful of seeds say nothing: judged from 20 seeds up (the default run has 50).
      it.skipIf(mode === 'replay' || seeds.length < 20)(title, () => check(tally.results));
    }

    it.skipIf(mode === 'replay')('every executor run ended within its limits (none cut short with entries left unattempted)', () => {
      const limits = (r: SeedResult) => Object.keys(r.execSkips).filter((k) => k.startsWith('executor-limit-'));
      expect(tally.results.filter((r) => limits(r).length > 0).map((r) => `seed ${r.seed}: ${limits(r).join(', ')}`)).toEqual([]);
    });
  });
}
