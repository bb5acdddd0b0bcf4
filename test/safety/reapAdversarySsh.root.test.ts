// The reap seeds once more through a real sshd on 127.0.0.1 (the default set, 1..50, in `npm test` and with
// SPOOLSCOPE_SAFETY=full): the facts probe and the executor are the same script text, here run
// through the SSH transport (one exec channel per batch), on the same hostile trees with the same adversary
// at the same set points. The invariant is the local suite's.
import { runReapSeed } from './reapSeed';
import { describeSeedSuite } from './seedSuite';

describeSeedSuite({
  kind: 'reap',
  over: 'ssh',
  file: 'test/safety/reapAdversarySsh.root.test.ts',
  title: 'reap under a seeded adversary, over SSH: nothing outside the plan is removed',
  seedTitle: 'seed %i over SSH: every removed file was planned, unchanged and unheld; canaries intact',
  run: runReapSeed,
});
