// Runs a command to its end with its output collected, without blocking this process: a bench that also
// drains other processes' pipes (sshd's logs) must not sit in spawnSync meanwhile.
import { spawn } from 'node:child_process';

export interface Collected {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCollected(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}
