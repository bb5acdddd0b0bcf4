import { describe, expect, it } from 'vitest';
import { judgeIdentity, judgeLogin } from '../../../src/main/nodes/nodeIdentity';

const plain = { name: 'plain', sudo: false };
const sudo = { name: 'sudo', sudo: true };

describe('who the probes run as on a node', () => {
  it('root is not partial; a plain user is, named', () => {
    expect(judgeIdentity({ text: '0\nroot\n', exitCode: 0 }, plain)).toEqual({ useSudo: false, partialWhy: null });
    expect(judgeIdentity({ text: '1001\nops\n', exitCode: 0 }, plain).partialWhy).toMatch(/^logged in as ops, not root, and sudo mode is off/);
  });

  it('sudo -n allowed runs as root; refused stays partial and says so', () => {
    expect(judgeIdentity({ text: '1001\nops\nsudo-ok\n', exitCode: 0 }, sudo)).toEqual({ useSudo: true, partialWhy: null });
    expect(judgeIdentity({ text: '1001\nops\nsudo-refused\n', exitCode: 0 }, sudo).partialWhy).toContain('sudo -n is not allowed for ops');
  });

  it('a uid whose name does not resolve (id -un failed, exit 1) is still that uid, not "could not tell"', () => {
    expect(judgeIdentity({ text: '1001\n', exitCode: 1 }, plain).partialWhy).toMatch(/^logged in as uid 1001, not root/);
    expect(judgeIdentity({ text: '0\n', exitCode: 1 }, plain)).toEqual({ useSudo: false, partialWhy: null });
  });

  it('no answer is inconclusive (asked again later); an answer without a uid is not', () => {
    expect(judgeIdentity({ text: '', exitCode: null }, plain)).toMatchObject({ inconclusive: true, partialWhy: expect.stringContaining('could not tell') });
    expect(judgeIdentity({ text: 'id: not found\n', exitCode: 127 }, plain)).toMatchObject({ inconclusive: false });
  });

  it('a name that is not plain text (escapes, spaces, odd bytes) is never put in the message: the uid is', () => {
    const why = judgeIdentity({ text: '1001\nops\x1b[2J $(x)\n', exitCode: 0 }, plain).partialWhy;
    expect(why).toMatch(/^logged in as uid 1001, not root/);
    expect(why).not.toContain('\x1b');
  });
});

describe('who the probes run as, from the first probe\'s preamble (no sudo mode)', () => {
  it('uid 0 is root, not partial', () => {
    expect(judgeLogin({ uid: 0, user: 'root' })).toEqual({ useSudo: false, partialWhy: null });
    expect(judgeLogin({ uid: 0, user: null })).toEqual({ useSudo: false, partialWhy: null });
  });

  it('another uid is partial, named as the node said, or by its uid when the name did not resolve or was not plain', () => {
    expect(judgeLogin({ uid: 1001, user: 'ops' })).toEqual({
      useSudo: false,
      partialWhy: 'logged in as ops, not root, and sudo mode is off: results show only what ops can see (partial)',
    });
    expect(judgeLogin({ uid: 1001, user: null }).partialWhy).toMatch(/^logged in as uid 1001, not root, and sudo mode is off/);
  });

  it('says the same as the separate check for the same answer', () => {
    expect(judgeLogin({ uid: 1001, user: 'ops' })).toEqual(judgeIdentity({ text: '1001\nops\n', exitCode: 0 }, plain));
    expect(judgeLogin({ uid: 0, user: 'root' })).toEqual(judgeIdentity({ text: '0\nroot\n', exitCode: 0 }, plain));
  });
});
