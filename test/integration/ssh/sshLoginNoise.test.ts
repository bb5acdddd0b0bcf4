// A node whose login shell prints before our bootstrap (rc files, banners: bash runs them for ssh commands)
// must not cost us the remote pid (without it a limit or cancel cannot stop the remote process group) nor
// put that noise in a probe's stderr. BASH_ENV, set by this sshd, stands in for a noisy ~/.bashrc.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTransport } from '../../../src/main/transport/ssh/sshTransport';
import { PidLineReader } from '../../../src/main/transport/ssh/probePreamble';
import type { ExecLimits } from '../../../src/main/transport/transport';
import { startSshd, type Sshd } from '../../support/sshd';
import { sshTransportTo } from '../../support/sshTransportTo';

const LIMITS: ExecLimits = { maxBytes: 1024 * 1024, maxRecords: 1_000_000, recordTerminator: 10, timeoutMs: 20_000, maxStderrBytes: 4096 };
const loginShellIsBash = (spawnSync('getent', ['passwd', 'root'], { encoding: 'utf8' }).stdout ?? '').trim().endsWith('/bash');

describe('PidLineReader', () => {
  const feed = (chunks: string[]) => {
    const rest: Buffer[] = [];
    const r = new PidLineReader((b) => rest.push(b));
    for (const c of chunks) r.push(Buffer.from(c, 'latin1'));
    return { r, rest: () => Buffer.concat(rest).toString('latin1') };
  };

  it('looks past lines a login shell printed before the pid line, byte by byte too', () => {
    const text = 'Welcome to db7\nrm: cannot remove x\nspoolscope-pid:4242\nfind: warning\n';
    const whole = feed([text]);
    expect(whole.r.pid).toBe(4242);
    expect(whole.rest()).toBe('find: warning\n');
    const bytes = feed([...text]);
    expect(bytes.r.pid).toBe(4242);
    expect(bytes.rest()).toBe('find: warning\n');
  });

  it('finds the pid line when noise without a final newline runs into it', () => {
    const f = feed(['last login: never', 'spoolscope-pid:77\n', 'probe says\n']);
    expect(f.r.pid).toBe(77);
    expect(f.rest()).toBe('probe says\n');
  });

  it('gives everything back as stderr when no pid line ever comes (sudo refused before our shell ran)', () => {
    const f = feed(['sudo: a password is required\n']);
    expect(f.rest()).toBe('');
    f.r.finish();
    expect(f.r.pid).toBeNull();
    expect(f.rest()).toBe('sudo: a password is required\n');
  });

  it('stops holding back after 64 KiB of noise (bounded)', () => {
    const f = feed(['x'.repeat(70 * 1024)]);
    expect(f.rest().length).toBe(70 * 1024);
    expect(f.r.pid).toBeNull();
  });
});

describe.skipIf(!loginShellIsBash)('SSH exec on a node whose login shell prints first', () => {
  let sshd: Sshd;
  let ssh: SshTransport;

  beforeAll(async () => {
    const dir = (await import('node:fs')).mkdtempSync('/tmp/spoolscope-noise-');
    const noise = join(dir, 'noisy-rc.sh');
    // Lines, then a fragment without a newline: what pyenv, motd scripts and echo-happy rc files print.
    writeFileSync(noise, 'echo "Welcome to db7 (rc noise)" >&2\necho "rm: cannot remove /x: rc noise" >&2\nprintf "rc noise without newline" >&2\n');
    sshd = await startSshd({ extraConfig: [`SetEnv BASH_ENV=${noise}`] });
    ssh = sshTransportTo(sshd, { warm: 0 });
  });

  afterAll(async () => {
    await ssh?.close();
    await sshd?.stop();
  });

  it("keeps the login shell's noise out of the probe's stderr", async () => {
    const h = ssh.exec('echo out; echo err >&2', Buffer.alloc(0), LIMITS);
    const chunks: Buffer[] = [];
    for await (const c of h.stdout) chunks.push(c);
    const outcome = await h.outcome;
    expect(Buffer.concat(chunks).toString()).toBe('out\n');
    expect(outcome.stderr).toBe('err\n');
  });

  it('still stops the remote process group at a limit', async () => {
    const h = ssh.exec('while :; do head -c 65536 /dev/zero; done # spoolscope-noisy-loop', Buffer.alloc(0), { ...LIMITS, maxBytes: 256 * 1024 });
    for await (const c of h.stdout) void c;
    const outcome = await h.outcome;
    expect(outcome.limitHit).toBe('bytes');
    await expect
      .poll(() => Number(spawnSync('pgrep', ['-f', '-c', 'spoolscope-noisy-loop'], { encoding: 'utf8' }).stdout.trim() || '0'), { timeout: 5000 })
      .toBe(0);
  });
});
