// The reclaim seeds once more through a real sshd on 127.0.0.1 (the default set, 1..50, in `npm test` and with
// SPOOLSCOPE_SAFETY=full): the held probe and the truncate executor are the same script text, here
// run through the SSH transport (one exec channel per batch), with the same holders and the same adversary at
// the same set points. The invariant is the local suite's.
import { runReclaimSeed } from './reclaimSeed';
import { describeSeedSuite } from './seedSuite';

describeSeedSuite({
  kind: 'reclaim',
  over: 'ssh',
  file: 'test/safety/reclaimAdversarySsh.root.test.ts',
  title: 'reclaim under a seeded adversary, over SSH: nothing outside the plan is truncated',
  seedTitle: 'seed %i over SSH: every truncated file was planned, unchanged, deleted, not memory, unmapped; no SIGBUS',
  run: runReclaimSeed,
});
