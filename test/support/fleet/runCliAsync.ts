// The built CLI run without blocking the test's event loop: the fleet tests serve the exporter and the
// proxy Prometheus talks through from this same process, so a spawnSync would hang them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliPath } from '../cli';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCliAsync(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliRun> {
  if (!existsSync(cliPath)) throw new Error('out/main/cli.js is missing: run "npm run build" (npm test does)');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
