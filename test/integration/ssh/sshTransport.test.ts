// The SSH transport against a real sshd: same outcome shape as local, limits that end endless and hung
// commands with bounded memory, a bounded channel pool under MaxSessions, reconnection after a drop.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SshTransport } from '../../../src/main/transport/ssh/sshTransport';
import { ExecChannelPool } from '../../../src/main/transport/ssh/execChannelPool';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { nulInput, type ExecLimits, type Transport } from '../../../src/main/transport/transport';
import { knownHostsLineAt, startSshd, type Sshd } from '../../support/sshd';
import { countingRelay } from '../../support/countingRelay';
import { until } from '../../support/until';
import { SshConnection } from '../../../src/main/transport/ssh/sshConnection';
import { sshTransportTo, useLabSsh, type LabTransportOptions } from '../../support/sshTransportTo';

const LIMITS: ExecLimits = { maxBytes: 8 * 1024 * 1024, maxRecords: 1_000_000, recordTerminator: 10, timeoutMs: 20_000, maxStderrBytes: 4096 };

async function run(t: Transport, script: string, stdin: Buffer = Buffer.alloc(0), limits = LIMITS) {
  const h = t.exec(script, stdin, limits);
  const chunks: Buffer[] = [];
  for await (const c of h.stdout) chunks.push(c);
  return { out: Buffer.concat(chunks), outcome: await h.outcome };
}

/** A fresh sshd and a transport to it whose connection states are recorded; both closed after `body`. */
async function withStatesRecorded(
  opts: Omit<LabTransportOptions, 'onState'>,
  body: (t: SshTransport, sshd: Sshd, states: string[]) => Promise<void>,
): Promise<void> {
  const sshd = await startSshd();
  const states: string[] = [];
  const t = sshTransportTo(sshd, { ...opts, onState: (s) => states.push(s.state) });
  try {
    await body(t, sshd, states);
  } finally {
    await t.close();
    await sshd.stop();
  }
}

function remoteProcessesMatching(marker: string): number {
  // This sshd is on this machine: the remote processes are visible here.
  const r = spawnSync('pgrep', ['-f', '-c', marker], { encoding: 'utf8' });
  return Number(r.stdout.trim() || '0');
}

describe('SSH transport', () => {
  const lab = useLabSsh();

  it('gives the same stdout bytes, exit code and stderr as the local transport for the same script and stdin', async () => {
    const portable = 'od -An -tx1 | tr -d " \\n"; echo; echo "to stderr" >&2; exit 7';
    const input: Buffer = nulInput(['$(touch /tmp/pwned)', 'a\nb', '-rf', Buffer.from([0xff, 0xfe, 0x41])]);
    const local = await run(new LocalTransport(), portable, input);
    // The first runs on a channel opened for it, the next ones on channels warmed ahead (script on stdin).
    for (let i = 0; i < 3; i++) {
      const remote = await run(lab().ssh, portable, input);
      expect(remote.out.toString()).toBe(local.out.toString());
      expect(remote.out.toString().trim()).toBe(input.toString('hex'));
      expect(remote.outcome).toEqual(local.outcome);
      expect(remote.outcome.exitCode).toBe(7);
    }
  });

  it('ends a command that prints forever at the byte limit, marked partial, with the producer held back by the window', async () => {
    const before = process.memoryUsage().rss;
    const r = await run(lab().ssh, 'exec yes spoolscope-endless-output', Buffer.alloc(0), { ...LIMITS, maxBytes: 32 * 1024 * 1024, maxRecords: 100_000_000 });
    expect(r.outcome.limitHit).toBe('bytes');
    expect(r.out.length).toBe(32 * 1024 * 1024);
    expect(r.outcome.stdoutBytes).toBe(32 * 1024 * 1024);
    // We held the 32 MB we asked for; nothing beyond it piled up.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    await expect.poll(() => remoteProcessesMatching('spoolscope-endless-output'), { timeout: 5000 }).toBe(0);
  });

  it('stops the remote producer while the consumer does not read: what is in flight stays within the SSH window', async () => {
    const counter = join(lab().sshd.dir, 'blocks-written');
    writeFileSync(counter, '0');
    // The counter path arrives on stdin like every other input.
    // The marker names this loop on the node: it must be gone after the cancel, not spin on as an orphan.
    const script = 'IFS= read -r f; n=0; while :; do head -c 65536 /dev/zero; n=$((n+1)); echo $n > "$f"; done # spoolscope-window-loop';
    const h = lab().ssh.exec(script, Buffer.from(counter + '\n'), { ...LIMITS, maxBytes: 1024 * 1024 * 1024 });
    const it = h.stdout[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 1500));
    const blocks = Number(readFileSync(counter, 'utf8').trim());
    // 2 MB ssh2 window + sshd's and the pipe's buffers: far less than 1.5 s of unthrottled `head` output.
    expect(blocks * 65536).toBeLessThan(24 * 1024 * 1024);
    await it.return?.(undefined);
    const outcome = await h.outcome;
    expect(outcome.limitHit).toBe('cancelled');
    await expect.poll(() => remoteProcessesMatching('spoolscope-window-loop'), { timeout: 5000 }).toBe(0);
  });

  it('ends a command that never answers at the time limit and kills its whole remote process group', async () => {
    // It ends (the outcome settles at all: sleep alone would hold the channel for 11 days) by the time limit.
    const r = await run(lab().ssh, 'sleep 987654; echo never', Buffer.alloc(0), { ...LIMITS, timeoutMs: 700 });
    expect(r.outcome.limitHit).toBe('time');
    expect(r.out.length).toBe(0);
    await expect.poll(() => remoteProcessesMatching('sleep 987654'), { timeout: 5000 }).toBe(0);
  });

  it('cancels through the AbortSignal with the output so far kept', async () => {
    const ac = new AbortController();
    const h = lab().ssh.exec('echo first; sleep 987655', Buffer.alloc(0), LIMITS, ac.signal);
    const chunks: Buffer[] = [];
    for await (const c of h.stdout) {
      chunks.push(c);
      ac.abort();
    }
    const outcome = await h.outcome;
    expect(Buffer.concat(chunks).toString()).toBe('first\n');
    expect(outcome.limitHit).toBe('cancelled');
    await expect.poll(() => remoteProcessesMatching('sleep 987655'), { timeout: 5000 }).toBe(0);
  });
});

describe('SSH exec channel pool', () => {
  it('keeps concurrent channels at the pool size, so a server with MaxSessions 3 serves 9 commands at once', async () => {
    const sshd = await startSshd({ extraConfig: ['MaxSessions 3'] });
    const pool = new ExecChannelPool(3, 50);
    // No warm channels here: pool + warm must stay under MaxSessions, and this server allows only 3.
    const t = sshTransportTo(sshd, { pool, warm: 0 });
    try {
      let peak = 0;
      const all = Array.from({ length: 9 }, (_, i) => {
        const p = run(t, `sleep 0.2; echo ${i}`);
        peak = Math.max(peak, pool.inUse);
        return p;
      });
      const watch = setInterval(() => (peak = Math.max(peak, pool.inUse)), 10);
      const results = await Promise.all(all);
      clearInterval(watch);
      expect(results.map((r) => r.out.toString().trim())).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
      expect(results.every((r) => r.outcome.exitCode === 0)).toBe(true);
      expect(peak).toBe(3);
    } finally {
      await t.close();
      await sshd.stop();
    }
  });

  it('refuses a command past the waiting cap with a clear message instead of queueing without limit', async () => {
    const sshd = await startSshd();
    const t = sshTransportTo(sshd, { pool: new ExecChannelPool(1, 1) });
    try {
      const first = run(t, 'sleep 0.3; echo a');
      const second = run(t, 'echo b');
      const third = await run(t, 'echo c');
      expect(third.outcome.exitCode).toBeNull();
      expect(third.outcome.stderr).toMatch(/already waiting for this node/);
      expect((await first).out.toString()).toBe('a\n');
      expect((await second).out.toString()).toBe('b\n');
    } finally {
      await t.close();
      await sshd.stop();
    }
  });
});

describe('SSH reconnection', () => {
  it('closed while it connects, never comes alive: ready() rejects and the server side of every connection it opened ends', async () => {
    const sshd = await startSshd();
    const relay = await countingRelay(sshd.port);
    try {
      const kh = join(sshd.dir, 'relay_known_hosts');
      writeFileSync(kh, `${knownHostsLineAt(sshd, relay.port)}\n`);
      for (const closeAfterMs of [0, 5, 15, 30]) {
        const conn = new SshConnection({ name: 'lab', host: '127.0.0.1', port: relay.port, user: sshd.user, identityFile: sshd.identityFile, knownHostsFiles: [kh], trustFile: kh, hostKeyPolicy: () => ({ acceptNew: false }) });
        const ready = conn.ready();
        ready.catch(() => {});
        await new Promise((r) => setTimeout(r, closeAfterMs));
        const cameAlive = conn.state.state === 'connected';
        await conn.close();
        // Either it was closed before the handshake ended, and ready() says so, or it had connected and close() ended it.
        if (!cameAlive) await expect(ready, `closed after ${closeAfterMs} ms`).rejects.toThrow(/was closed/);
        expect(conn.state.state === 'connected' && !cameAlive, `closed after ${closeAfterMs} ms`).toBe(false);
      }
      await until('the server side of every connection to end', () => relay.closed === relay.accepted, 10_000, 10);
    } finally {
      relay.close();
      await sshd.stop();
    }
  });

  it('reconnects after the server side of the connection dies, and reports connecting then connected', async () => {
    await withStatesRecorded({}, async (t, _sshd, states) => {
      expect((await run(t, 'echo one')).out.toString()).toBe('one\n');
      // Kill this session's sshd process (the bootstrap shell's parent): the TCP connection goes with it.
      const dropped = await run(t, 'read -r _ _ _ pp _ < /proc/$PPID/stat; kill -KILL $pp; sleep 5');
      expect(dropped.outcome.exitCode).toBeNull();
      expect(dropped.outcome.stderr).toContain('the connection to lab was lost before the command finished');
      expect((await run(t, 'echo two')).out.toString()).toBe('two\n');
      expect(states.filter((s) => s === 'connected').length).toBe(2);
      expect(states).toContain('connecting');
    });
  });
});

describe('SSH keepalive', () => {
  it('notices a node that stops answering (its sshd frozen) and leaves the connected state on its own', async () => {
    await withStatesRecorded({ warm: 0, keepaliveIntervalMs: 300 }, async (t, sshd, states) => {
      expect((await run(t, 'echo up')).out.toString()).toBe('up\n');
      // The connection's own sshd processes are the listener's children: stop them, as a hung node would.
      const frozen = spawnSync('pgrep', ['-P', String(sshd.pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      try {
        expect(frozen.length).toBeGreaterThan(0);
        for (const pid of frozen) process.kill(pid, 'SIGSTOP');
        // 3 unanswered keepalives 300 ms apart: the client gives the connection up without any command running.
        await expect.poll(() => states.at(-1), { timeout: 10_000 }).not.toBe('connected');
        expect(states).toContain('connecting');
      } finally {
        for (const pid of frozen) process.kill(pid, 'SIGCONT');
      }
    });
  });
});
