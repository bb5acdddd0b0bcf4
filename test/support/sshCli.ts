// The built CLI pointed at a real sshd on 127.0.0.1: the `--ssh ... --identity ... --known-hosts ...` flags
// for it, and a runner that parses `--json` output, for tests that compare a node over SSH with this machine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli';
import { startSshd, type Sshd } from './sshd';

export interface SshCli {
  sshd: Sshd;
  /** The flags that make a command run on the sshd's node. */
  flags: string[];
  /** Runs `spoolscope ARGS --json` (exit 0 or 3, partial) and parses stdout; any other exit throws. */
  json(args: string[]): unknown;
  stop(): Promise<void>;
}

/** Starts sshd; the CLI's data dir and known_hosts live in `dir`, ssh-agent is not used. */
export async function startSshCli(dir: string): Promise<SshCli> {
  const sshd = await startSshd();
  const kh = join(dir, 'known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  const env = { SPOOLSCOPE_DATA_DIR: join(dir, 'data'), SSH_AUTH_SOCK: '' };
  return {
    sshd,
    flags: ['--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh],
    json(args) {
      const r = runCli([...args, '--json'], env);
      if (r.status !== 0 && r.status !== 3) throw new Error(`spoolscope ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    stop: () => sshd.stop(),
  };
}
