import { describe, expect, it } from 'vitest';
import { parsePreambleLine, PidLineReader } from '../../../src/main/transport/ssh/probePreamble';

/** Feeds stderr chunks (latin1, as bytes arrive) and returns what the reader found and passed on. */
function feed(chunks: (string | Buffer)[]) {
  const rest: Buffer[] = [];
  const lines: unknown[] = [];
  const r = new PidLineReader(
    (b) => rest.push(b),
    (l) => lines.push(l),
  );
  for (const c of chunks) r.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  return { r, lines, rest: () => Buffer.concat(rest).toString('latin1') };
}

describe('the preamble line a probe shell prints before the probe', () => {
  it('reads the pid and who the shell runs as', () => {
    expect(parsePreambleLine('4242 uid:1001 user:ops')).toEqual({ pid: 4242, login: { uid: 1001, user: 'ops' } });
    expect(parsePreambleLine('7 uid:0 user:root')).toEqual({ pid: 7, login: { uid: 0, user: 'root' } });
    expect(parsePreambleLine('7 uid:1001 user:jane.doe@corp.example')?.login?.user).toBe('jane.doe@corp.example');
  });

  it('a pid alone (a probe that was not asked) is a pid without a login', () => {
    expect(parsePreambleLine('4242')).toEqual({ pid: 4242, login: null });
  });

  it('a uid whose name did not resolve is still that uid', () => {
    expect(parsePreambleLine('4242 uid:1001 user:')).toEqual({ pid: 4242, login: { uid: 1001, user: null } });
  });

  it('keeps the pid but no login when the login part is garbled or missing (no id on the node, another shell)', () => {
    expect(parsePreambleLine('4242 uid: user:')).toEqual({ pid: 4242, login: null });
    expect(parsePreambleLine('4242 uid:abc user:ops')).toEqual({ pid: 4242, login: null });
    expect(parsePreambleLine('4242 uid:99999999999 user:ops')).toEqual({ pid: 4242, login: null });
    expect(parsePreambleLine('4242 uid:4294967296 user:ops')).toEqual({ pid: 4242, login: null });
  });

  it('is not our line without a pid', () => {
    expect(parsePreambleLine('')).toBeNull();
    expect(parsePreambleLine('uid:0 user:root')).toBeNull();
    expect(parsePreambleLine('0 uid:0 user:root')).toBeNull();
    expect(parsePreambleLine('-1')).toBeNull();
    expect(parsePreambleLine('12345678901')).toBeNull();
    expect(parsePreambleLine('4242 whoami')).toBeNull();
    expect(parsePreambleLine('4242 user:root uid:0')).toBeNull();
  });

  it('never takes a name with odd bytes: the uid stands for it', () => {
    for (const odd of ['ops\r', 'o ps', 'op$(reboot)', "o'ps", 'ops\x1b[31m', 'op\xe9s', '\xff\xfe', '-', 'a'.repeat(65), 'ops;rm', 'dom\\ops']) {
      const line = parsePreambleLine(`4242 uid:1001 user:${odd}`);
      expect(line, JSON.stringify(odd)).toEqual({ pid: 4242, login: { uid: 1001, user: odd === '-' ? '-' : null } });
    }
  });
});

describe('PidLineReader', () => {
  it('looks past lines a login shell printed before our line, byte by byte too, and reports it once', () => {
    const text = 'Welcome to db7\nrm: cannot remove x\nspoolscope-pid:4242 uid:1001 user:ops\nfind: warning\nspoolscope-pid:9 uid:0 user:root\n';
    const whole = feed([text]);
    expect(whole.r.pid).toBe(4242);
    expect(whole.r.login).toEqual({ uid: 1001, user: 'ops' });
    expect(whole.lines).toEqual([{ pid: 4242, login: { uid: 1001, user: 'ops' } }]);
    // A later line of the same shape is the probe's stderr, never a second answer.
    expect(whole.rest()).toBe('find: warning\nspoolscope-pid:9 uid:0 user:root\n');
    const bytes = feed([...text]);
    expect(bytes.r.pid).toBe(4242);
    expect(bytes.lines).toHaveLength(1);
    expect(bytes.rest()).toBe('find: warning\nspoolscope-pid:9 uid:0 user:root\n');
  });

  it('finds our line when noise without a final newline runs into it', () => {
    const f = feed(['last login: never', 'spoolscope-pid:77 uid:0 user:root\n', 'probe says\n']);
    expect(f.r.pid).toBe(77);
    expect(f.r.login).toEqual({ uid: 0, user: 'root' });
    expect(f.rest()).toBe('probe says\n');
  });

  it('a pid line without a login (an older bootstrap) still gives the pid, and no login', () => {
    const f = feed(['spoolscope-pid:4242\nerr\n']);
    expect(f.r.pid).toBe(4242);
    expect(f.r.login).toBeNull();
    expect(f.lines).toEqual([{ pid: 4242, login: null }]);
    expect(f.rest()).toBe('err\n');
  });

  it('a name with odd bytes keeps the pid and the uid', () => {
    const f = feed([Buffer.concat([Buffer.from('spoolscope-pid:4242 uid:1001 user:op'), Buffer.from([0xc3, 0x28, 0x00, 0x07]), Buffer.from('\n')])]);
    expect(f.r.pid).toBe(4242);
    expect(f.r.login).toEqual({ uid: 1001, user: null });
  });

  it('gives everything back as stderr when no line of ours ever comes (sudo refused before our shell ran)', () => {
    const f = feed(['sudo: a password is required\n']);
    expect(f.rest()).toBe('');
    f.r.finish();
    expect(f.r.pid).toBeNull();
    expect(f.r.login).toBeNull();
    expect(f.lines).toEqual([]);
    expect(f.rest()).toBe('sudo: a password is required\n');
  });

  it('a line too long to be ours is not ours, even with our prefix', () => {
    const f = feed([`spoolscope-pid:4242 uid:1001 user:${'a'.repeat(200)}\n`]);
    f.r.finish();
    expect(f.r.pid).toBeNull();
    expect(f.rest()).toContain('spoolscope-pid:4242');
  });

  it('stops holding back after 64 KiB of noise (bounded)', () => {
    const f = feed(['x'.repeat(70 * 1024)]);
    expect(f.rest().length).toBe(70 * 1024);
    expect(f.r.pid).toBeNull();
  });
});
