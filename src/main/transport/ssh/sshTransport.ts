// The Transport interface over SSH: the same fixed probe scripts and the same limits as LocalTransport,
// run on the node through an exec channel of the node's one connection.
import type { Client, ClientChannel } from 'ssh2';
import type { ExecHandle, ExecInput, ExecLimits, ExecOutcome, LimitHit, Transport } from '../transport';
import { feedStdin } from '../stdinFeed';
import { OutputLimiter, TailBuffer } from '../limitedOutput';
import { admittedStdout, execOutcome, stopOnTimeoutOrAbort } from '../execOutput';
import { ExecChannelPool } from './execChannelPool';
import { loaderPreamble, remoteKillCommand, remoteLoaderCommand, remoteProbeCommand } from './remoteCommand';
import { PidLineReader, type PreambleLine } from './probePreamble';
import type { SshConnection } from './sshConnection';

/** After a stop, how long to wait for the node to close the channel before abandoning it. */
const CLOSE_GRACE_MS = 5_000;
/** Pauses before retrying a refused channel open: sshd frees a session slot a moment after the channel closes. */
const OPEN_RETRY_MS = [50, 150, 400];

async function openExecChannel(client: Client, command: string, nodeName: string): Promise<ClientChannel> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<ClientChannel>((resolve, reject) => client.exec(command, (err, stream) => (err ? reject(err) : resolve(stream))));
    } catch (err) {
      const msg = (err as Error).message;
      if (!/open failed/i.test(msg) || attempt >= OPEN_RETRY_MS.length) throw new Error(`could not open a channel on ${nodeName}: ${msg}`, { cause: err });
      await new Promise((r) => setTimeout(r, OPEN_RETRY_MS[attempt]));
    }
  }
}

/**
 * Warm channels kept per connection. One: the stage after a first probe is one more command on a small node
 * (a scan's second lane, its first lane being the first probe itself; the held probe after df), and every
 * session warmed for nothing runs the login rc beside the probe that is working (root's rc on a node can
 * cost 0.4 s of CPU). With the pool (4) and a kill channel, well under MaxSessions 10.
 */
const WARM_CHANNELS = 1;
/** An unused warm channel is ended after this: a node left alone holds no idle shells. */
const WARM_IDLE_MS = 5_000;

/**
 * What a command's shell said about its login before the probe ran, for a command that was asked to say it
 * (a warm channel's loader always is; a cold one while `wantLogin` is set).
 */
export interface LoginReport {
  /** The command ran through `sudo -n`. */
  sudo: boolean;
  /** Our line, or null when none came (the channel failed or closed before our shell spoke). */
  preamble: PreambleLine | null;
}

interface WarmChannel {
  client: Client;
  sudo: boolean;
  channel: ClientChannel | null;
  closed: boolean;
  idle: NodeJS.Timeout | null;
}

export class SshTransport implements Transport {
  /** Run probes through `sudo -n` (set by the registry once it has checked that sudo is allowed). */
  useSudo = false;
  /** Sessions opened ahead of need (remoteLoaderCommand), so a command does not wait for sshd's setup. */
  private readonly warm: WarmChannel[] = [];
  private closing = false;

  constructor(
    readonly nodeName: string,
    readonly connection: SshConnection,
    readonly pool = new ExecChannelPool(4),
    /** Sessions in use at most: pool + warm + one kill channel; keep it under the server's MaxSessions. */
    readonly warmChannels = WARM_CHANNELS,
  ) {
    connection.onDrop = (err) => pool.failAll(err);
  }

  /**
   * Runs before every command (once it has succeeded, it is a resolved promise): in sudo mode the registry
   * checks here whether sudo is in force; otherwise it only sets `wantLogin` until a probe has said who it is.
   */
  prepare: (() => Promise<void>) | null = null;

  /** Cold commands ask their shell who it runs as (two forks of `id`): set while the registry wants to know. */
  wantLogin = false;
  /** Told once per command that asked, as soon as its shell has spoken (or it ended without a word). */
  onLogin: ((r: LoginReport) => void) | null = null;

  /** The pool's channels: a scan runs no more lanes than this (one channel carries one find). */
  get parallelChannels(): number {
    return this.pool.maxChannels;
  }

  exec(script: string, stdin: ExecInput, limits: ExecLimits, signal?: AbortSignal): ExecHandle {
    return this.run(script, stdin, limits, signal, this.prepare, null);
  }

  /** exec without waiting for prepare (prepare itself runs through here), with sudo as given. */
  execUnprepared(script: string, stdin: ExecInput, limits: ExecLimits, useSudo: boolean, signal?: AbortSignal): ExecHandle {
    return this.run(script, stdin, limits, signal, null, useSudo);
  }

  /**
   * A warm channel for this client and sudo mode, if one is open. Warming starts only when a command had to
   * open its own channel: the stages that follow a first probe (a scan's second lane after its root pass, the
   * held probe after df) find theirs ready, and a node nobody uses keeps none.
   */
  private takeWarm(client: Client, sudo: boolean): ClientChannel | null {
    for (let i = 0; i < this.warm.length; i++) {
      const w = this.warm[i];
      if (w.client !== client || w.sudo !== sudo || !w.channel || w.closed) continue;
      this.warm.splice(i, 1);
      if (w.idle) clearTimeout(w.idle);
      return w.channel;
    }
    this.fillWarm(client, sudo);
    return null;
  }

  private fillWarm(client: Client, sudo: boolean): void {
    // Channels of another connection or mode are of no use any more: end them (EOF ends the loader).
    for (const w of this.warm.splice(0)) {
      if (w.client === client && w.sudo === sudo && !w.closed) this.warm.push(w);
      else w.channel?.end();
    }
    while (!this.closing && this.warm.length < this.warmChannels) {
      const w: WarmChannel = { client, sudo, channel: null, closed: false, idle: null };
      this.warm.push(w);
      const drop = () => {
        w.closed = true;
        if (w.idle) clearTimeout(w.idle);
        const i = this.warm.indexOf(w);
        if (i !== -1) this.warm.splice(i, 1);
      };
      client.exec(remoteLoaderCommand(sudo), (err, ch) => {
        if (err) return drop();
        w.channel = ch;
        ch.once('close', drop);
        if (this.closing || !this.warm.includes(w)) return void ch.end();
        // EOF on stdin ends the loader before it read a script.
        w.idle = setTimeout(() => {
          drop();
          ch.end();
        }, WARM_IDLE_MS);
        w.idle.unref();
      });
    }
  }

  /** `sudoOverride` null: sudo as the node's mode says once prepared. */
  private run(script: string, stdin: ExecInput, limits: ExecLimits, signal: AbortSignal | undefined, prepare: (() => Promise<void>) | null, sudoOverride: boolean | null): ExecHandle {
    const limiter = new OutputLimiter(limits);
    const stderr = new TailBuffer(limits.maxStderrBytes);
    let sudo = sudoOverride ?? this.useSudo;
    let askedLogin = false;
    let loginReported = false;
    const reportLogin = (preamble: PreambleLine | null) => {
      if (!askedLogin || loginReported) return;
      loginReported = true;
      this.onLogin?.({ sudo, preamble });
    };
    const pidReader = new PidLineReader(
      (b) => stderr.push(b),
      (line) => reportLogin(line),
    );
    const stop = new AbortController();
    let limitHit: LimitHit | null = null;
    let client: Client | null = null;
    let killSent = false;
    let release: (() => void) | null = null;

    const sendKill = () => {
      if (killSent || !client || pidReader.pid === null) return;
      killSent = true;
      // A channel of its own, outside the pool: stopping must never wait behind the commands it stops.
      client.exec(remoteKillCommand(sudo), (err, ch) => {
        if (err) return;
        ch.on('data', () => {});
        ch.stderr.on('data', () => {});
        ch.end(`${pidReader.pid}\n`);
      });
    };
    const kill = (why: LimitHit) => {
      limitHit ??= why;
      stop.abort();
      sendKill();
    };
    const disarm = stopOnTimeoutOrAbort(limits.timeoutMs, signal, kill);

    const abortable = <T>(p: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (stop.signal.aborted) return reject(new Error('stopped'));
        stop.signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
        p.then(resolve, reject);
      });

    let exit: { code: number | null; sig: string | null } = { code: null, sig: null };
    const opened: Promise<ClientChannel | null> = (async () => {
      try {
        if (prepare) {
          await abortable(prepare());
          sudo = sudoOverride ?? this.useSudo;
        }
        release = await this.pool.acquire(stop.signal);
        const c = await abortable(this.connection.ready());
        client = c;
        const warmCh = this.warmChannels > 0 ? this.takeWarm(c, sudo) : null;
        askedLogin = warmCh !== null || this.wantLogin;
        const ch = warmCh ?? (await abortable(openExecChannel(c, remoteProbeCommand(script, sudo, askedLogin), this.nodeName)));
        ch.on('exit', (code: number | null, sig?: string) => {
          exit = { code: typeof code === 'number' ? code : null, sig: sig ? `SIG${sig}` : null };
        });
        ch.stderr.on('data', (c: Buffer) => {
          pidReader.push(c);
          // A stop asked for before the pid was known is carried out as soon as it is.
          if (stop.signal.aborted) sendKill();
        });
        ch.on('error', (err: Error) => stderr.push(Buffer.from(`spoolscope: ${err.message}\n`)));
        // Fed input stops once the channel closes or the command is stopped.
        const gone = new AbortController();
        ch.once('close', () => gone.abort());
        stop.signal.addEventListener('abort', () => gone.abort(), { once: true });
        feedStdin(ch, stdin, gone.signal, warmCh ? loaderPreamble(script) : undefined);
        return ch;
      } catch (err) {
        if (!stop.signal.aborted) stderr.push(Buffer.from(`spoolscope: ${(err as Error).message}\n`));
        // A command that would have asked but never ran still answers "no word", so no one waits on it.
        askedLogin ||= this.wantLogin;
        reportLogin(null);
        return null;
      }
    })();

    const closed: Promise<void> = opened.then(
      (ch) =>
        new Promise<void>((resolve) => {
          if (!ch) return resolve();
          let grace: NodeJS.Timeout | null = null;
          ch.once('close', () => {
            if (grace) clearTimeout(grace);
            pidReader.finish();
            reportLogin(null);
            // No exit status and nobody stopped it: the connection went away under the command.
            if (exit.code === null && exit.sig === null && !stop.signal.aborted) {
              stderr.push(Buffer.from(`spoolscope: the connection to ${this.nodeName} was lost before the command finished\n`));
            }
            resolve();
          });
          const onStop = () => {
            // A node that does not end the command (hung, gone without a FIN) must not hold the outcome.
            grace = setTimeout(() => {
              stderr.push(Buffer.from(`spoolscope: ${this.nodeName} did not end the command within ${CLOSE_GRACE_MS / 1000} s of being told to stop\n`));
              ch.destroy();
              reportLogin(null);
              resolve();
            }, CLOSE_GRACE_MS);
          };
          if (stop.signal.aborted) onStop();
          else stop.signal.addEventListener('abort', onStop, { once: true });
        }),
    );

    async function* pull(): AsyncGenerator<Buffer> {
      const ch = await opened;
      if (!ch) return;
      try {
        yield* admittedStdout(ch as AsyncIterable<Buffer>, limiter, kill);
      } catch {
        // destroyed after a stop the node ignored: the outcome says why
      } finally {
        // Discard what is still in flight: ssh2 reports the channel closed only once its data was read,
        // and reading keeps the window open so the node can flush and close.
        // The async iterator leaves its 'readable' listener behind, which would keep resume() from flowing.
        ch.removeAllListeners('readable');
        ch.on('data', () => {});
        ch.resume();
      }
    }

    const outcome: Promise<ExecOutcome> = closed.then(() => {
      disarm();
      (release as (() => void) | null)?.();
      return execOutcome(exit, limitHit, limiter, stderr);
    });
    return { stdout: pull(), outcome };
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.warm.splice(0)) w.channel?.end();
    this.pool.failAll(new Error(`the connection to ${this.nodeName} is closing`));
    await this.connection.close();
  }
}
