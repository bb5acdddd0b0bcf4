import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const appRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = `${appRoot}/out/main/cli.js`;

/** Runs the built CLI (npm test builds it first). */
export function runCli(args: string[], env: Record<string, string> = {}, asUid?: number): SpawnSyncReturns<string> {
  if (!existsSync(cliPath)) throw new Error('out/main/cli.js is missing: run "npm run build" (npm test does)');
  const cmd = asUid === undefined ? [process.execPath, cliPath, ...args] : ['setpriv', `--reuid=${asUid}`, `--regid=${asUid}`, '--clear-groups', process.execPath, cliPath, ...args];
  return spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}
