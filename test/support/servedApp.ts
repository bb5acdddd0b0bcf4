// The real `npm run serve` (scripts/serve.js) as an e2e suite's child, on the build in out/: started with
// --no-build so parallel test files never rebuild out/ under each other, and found by the URL it prints.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './chromium';

/** How long serve may take to print its URL, and to exit after SIGTERM before it is killed. */
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export interface ServedApp {
  /** The page URL with its token, as serve printed it. */
  url: string;
  /** SIGTERM, then SIGKILL if it is still running after the grace period. */
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** The scan root (`--root`); without it serve opens on its default (the fleet, when nodes are saved). */
  root?: string;
  /** Made if missing. */
  dataDir: string;
  /** The environment to start from (default: this process's); SPOOLSCOPE_DATA_DIR is set on top. */
  env?: NodeJS.ProcessEnv;
}

/** Throws the command to run when out/ has no renderer or serve entry (the suites never build it themselves). */
export function assertAppBuilt(): void {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html')) || !existsSync(join(repoRoot, 'out/main/serve.js'))) {
    throw new Error('out/ is not built: run `npm test` (it builds first) or `npx electron-vite build`.');
  }
}

/**
 * All of out/main's JavaScript as one text ('' before a build), for suites that skip while a backend part
 * still answers with its "not available" placeholder.
 */
export function builtMainText(): string {
  const dir = join(repoRoot, 'out/main');
  if (!existsSync(dir)) return '';
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

export async function startServedApp(opts: ServeOptions): Promise<ServedApp> {
  mkdirSync(opts.dataDir, { recursive: true });
  const args = ['scripts/serve.js', '--no-build', ...(opts.root === undefined ? [] : ['--root', opts.root]), '--port', '0'];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...(opts.env ?? process.env), SPOOLSCOPE_DATA_DIR: opts.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, STOP_GRACE_MS))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s:\n${log}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /Spoolscope serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL:\n${log}`));
    });
  }).catch(async (e: unknown) => {
    // The suite never gets a handle to stop it: do not leave it running.
    await stop();
    throw e;
  });
  return { url, stop };
}
