// Plan + reclaim against a seeded adversary, on this machine: a holder of deleted files (held disk), memfds and
// deleted /dev/shm files (memory offered as files), files mapped by the holder or by a third process whose fd
// is closed; and while the executor runs, between its batches, planned files mapped by another process, fds
// re-pointed at canaries, other deleted files, memfds or /dev/shm files, or closed. Each seed asserts the one
// invariant: every file truncated was a plan entry that still had its planned identity (dev, inode, pid, fd,
// process start time), deleted, not memory and mapped by nobody at the last set point before it went; the
// canary files are unchanged; no holder or mapper died (SIGBUS). See reclaimJudge.ts.
// `npm test`: seeds 1..50; SPOOLSCOPE_SAFETY=full: 1..2000; SPOOLSCOPE_SAFETY_SEED=N replays one.
import { expect } from 'vitest';
import { runReclaimSeed } from './reclaimSeed';
import { describeSeedSuite } from './seedSuite';

describeSeedSuite({
  kind: 'reclaim',
  over: 'local',
  file: 'test/safety/reclaimAdversary.root.test.ts',
  title: 'reclaim under a seeded adversary, locally: nothing outside the plan is truncated',
  seedTitle: 'seed %i: every truncated file was planned, unchanged, deleted, not memory, unmapped; no SIGBUS',
  run: runReclaimSeed,
  didWork: {
    title: 'truncated planned files in most seeds (the suite is not passing by refusing everything)',
    check(results) {
      expect(results.filter((r) => r.done > 0).length / results.length).toBeGreaterThan(0.5);
      expect(results.filter((r) => r.batches >= 2).length / results.length).toBeGreaterThan(0.5);
    },
  },
});
