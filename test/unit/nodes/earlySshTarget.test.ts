// Which CLI runs open their --ssh node's socket before the app loads: only a run that names one node by
// --ssh and has a credential to offer, so a run that will refuse opens no connection at all.
import { describe, expect, it } from 'vitest';
import { nodeFlagsOf } from '../../../src/main/cli/nodeFlags';
import { earlySshTarget as fromFlags } from '../../../src/main/nodes/earlyConnection';

const files = new Set(['/keys/id', '/run/agent.sock']);
const exists = (p: string) => files.has(p);
const noAgent = { SSH_AUTH_SOCK: '' };
/** As the CLI does it: the node flags read from argv, then the decision. */
const earlySshTarget = (argv: string[], env: NodeJS.ProcessEnv, ex: (p: string) => boolean) => fromFlags(nodeFlagsOf(argv), env, ex);

describe('earlySshTarget', () => {
  it('takes host and port from --ssh when the key file given exists, in both flag spellings', () => {
    expect(earlySshTarget(['scan', '/var/log', '--ssh', 'root@10.0.0.5:2222', '--identity', '/keys/id'], noAgent, exists)).toEqual({ host: '10.0.0.5', port: 2222 });
    expect(earlySshTarget(['scan', '/var/log', '--ssh=ops@[fd00::1]', '--identity=/keys/id'], noAgent, exists)).toEqual({ host: 'fd00::1', port: 22 });
  });

  it('an ssh-agent that exists is a credential; one named but absent is not', () => {
    expect(earlySshTarget(['df', '--ssh', 'root@h'], { SSH_AUTH_SOCK: '/run/agent.sock' }, exists)).toEqual({ host: 'h', port: 22 });
    expect(earlySshTarget(['df', '--ssh', 'root@h'], { SSH_AUTH_SOCK: '/run/gone.sock' }, exists)).toBeNull();
  });

  it('no credential to offer, or a key file that is not there: no early connection', () => {
    expect(earlySshTarget(['df', '--ssh', 'root@h'], noAgent, exists)).toBeNull();
    expect(earlySshTarget(['df', '--ssh', 'root@h', '--identity', '/keys/missing'], noAgent, exists)).toBeNull();
    expect(earlySshTarget(['df', '--ssh', 'root@h', '--identity', ''], noAgent, exists)).toBeNull();
  });

  it('a target the run will refuse opens nothing: no user, a bad port, --node beside --ssh, no --ssh at all', () => {
    for (const argv of [
      ['df', '--ssh', 'h', '--identity', '/keys/id'],
      ['df', '--ssh', 'root@h:70000', '--identity', '/keys/id'],
      ['df', '--ssh', 'root@h', '--node', 'other', '--identity', '/keys/id'],
      ['df', '--node', 'saved', '--identity', '/keys/id'],
      ['df', '--identity', '/keys/id'],
    ]) {
      expect(earlySshTarget(argv, noAgent, exists), argv.join(' ')).toBeNull();
    }
  });

  it('reads flags only before "--", and the last --ssh given wins (as parseArgs)', () => {
    expect(earlySshTarget(['scan', '--identity', '/keys/id', '--', '--ssh', 'root@h'], noAgent, exists)).toBeNull();
    expect(earlySshTarget(['scan', '--ssh', 'root@a', '--ssh', 'root@b:2', '--identity', '/keys/id'], noAgent, exists)).toEqual({ host: 'b', port: 2 });
  });
});
