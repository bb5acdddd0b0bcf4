// npm run bench (part): `spoolscope scan` over SSH loopback against `ssh host du -sk` on a 100,000-file
// tree, same run, same sshd. Not a test: prints a table and the ratio. Target: ratio <= 1.5.
//
//   tsx bench/ssh-scan-bench.ts [--files N] [--runs N]
//   SPOOLSCOPE_BENCH_DIR=/path/to/tree   scan that tree (not generated here)
//   SPOOLSCOPE_BENCH_CLI=/path/to/cli.js time that build (a copy of out/) in the CLI rows
//
// A real sshd on 127.0.0.1 (test/support/sshd.ts). Two ways to run spoolscope: the CLI, a fresh process
// each run (Node start, state store, ssh2 load, connect, probes), so it pays a full connection like
// `ssh host du` does; and the app (npm run serve, asked over its WebSocket), which keeps one connection per
// node, as the window does. Warm cache, rounds interleaved, median wall time. The local scan for reference.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCollected } from './support/runCollected';
import { ensureLoginUser } from '../test/support/loginUser';
import { startSshd } from '../test/support/sshd';
import { startWarmApp } from './support/warmApp';
import { cliNodeFlags } from './support/cliNodeFlags';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, '..');
const TARGET_RATIO = 1.5;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  if (i === -1) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    process.stderr.write(`ssh-scan-bench: ${name} needs a positive integer\n`);
    process.exit(2);
  }
  return v;
}

const files = arg('--files', 100_000);
const runs = arg('--runs', 3);
// SPOOLSCOPE_BENCH_DIR: scan that tree instead (made elsewhere, e.g. by scan-bench; not generated here).
const givenTree = process.env.SPOOLSCOPE_BENCH_DIR ? path.resolve(process.env.SPOOLSCOPE_BENCH_DIR) : null;
const tree = givenTree ?? path.join(benchDir, '.cache', `tree-ssh-${files}`);
const marker = `${tree}.complete.json`;

/** Day directories of 1,000 small log files each (logs/core/2026/DDD/part-N.log), made once and reused. */
function ensureTree(): void {
  if (givenTree) {
    if (!fs.statSync(givenTree, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`SPOOLSCOPE_BENCH_DIR=${givenTree} is not a directory`);
    return;
  }
  if (fs.existsSync(marker) && JSON.parse(fs.readFileSync(marker, 'utf8')).files === files) return;
  fs.rmSync(tree, { recursive: true, force: true });
  const body = Buffer.alloc(700, 'x');
  for (let i = 0; i < files; i++) {
    const dir = path.join(tree, 'logs', ['core', 'edge'][i % 2], '2026', String(1 + Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0 || i % 1000 === 1) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `part-${i}.log`), body.subarray(0, 200 + (i % 500)));
  }
  fs.writeFileSync(marker, JSON.stringify({ files }));
}

/**
 * Runs and times one command. Not spawnSync: the sshds log to pipes this process drains, and a process blocked
 * in spawnSync drains nothing, so after some 60 KB of log (a few dozen logins) sshd blocks writing it and the
 * login hangs.
 */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const t0 = performance.now();
  const r = await runCollected(cmd, args, env);
  const ms = performance.now() - t0;
  if (r.status === 3) {
    // Partial (a limit, an unreadable part): still timed, but said, with the scan's own reason.
    let why = r.stderr.trim();
    try {
      why = (JSON.parse(r.stdout) as { errors: string[] }).errors.join('; ') || why;
    } catch {
      // not JSON: keep stderr
    }
    process.stdout.write(`  (partial result: ${why.slice(0, 300)})\n`);
  } else if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

/** A warm app (npm run serve) with the node saved and connected; `scan()` times one scan.start to done. */
async function startApp(dataDir: string, node: { host: string; port: number; identityFile: string }, root: string) {
  const app = await startWarmApp(dataDir, { SSH_AUTH_SOCK: '' });
  await app.call('nodes.add', { config: { name: 'bench', host: node.host, port: node.port, user: 'root', identityFile: node.identityFile } });
  const info = await app.call<{ state: string; message: string | null }>('nodes.connect', { name: 'bench' });
  if (info.state !== 'connected') throw new Error(`the app could not connect: ${info.state} ${info.message}`);
  return {
    async scan(): Promise<number> {
      const t0 = performance.now();
      const { jobId } = await app.call<{ jobId: string }>('scan.start', { node: 'bench', root });
      for (;;) {
        const p = await app.call<{ state: string }>('scan.progress', { jobId });
        if (p.state !== 'running') break;
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.now() - t0;
    },
    close: () => app.close(),
  };
}

/**
 * A login as a node's accounts usually are: bash with Debian's /etc/skel/.bashrc, which returns at once when
 * not interactive. Root's ~/.bashrc on this machine runs `pyenv init` for every SSH session (about 0.4 s of
 * CPU), which every session of the scan pays and `ssh du` pays once; this row shows the scan without it.
 */
const SKEL_USER = 'spoolscope-bench';
function ensureSkelUser(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (useradd)';
  try {
    ensureLoginUser(SKEL_USER, { shell: '/bin/bash', home: true });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  // SPOOLSCOPE_BENCH_CLI: a copy of out/main/cli.js to time in the CLI rows (the app rows run out/ itself).
  const cli = path.resolve(process.env.SPOOLSCOPE_BENCH_CLI || path.join(repo, 'out', 'main', 'cli.js'));
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: npm run build first (npm run bench does)`);
  process.stdout.write(`ssh-scan-bench: ${files} files in ${tree}\n`);
  ensureTree();
  const nodeFlags = cliNodeFlags();
  const sshd = await startSshd({ hostLoginRc: true });
  const skelSkip = ensureSkelUser();
  const skelSshd = skelSkip === null ? await startSshd({ user: SKEL_USER, clientKey: sshd.clientKey, hostLoginRc: true }) : null;
  const data = fs.mkdtempSync(path.join(sshd.dir, 'data-'));
  const kh = path.join(sshd.dir, 'bench_known_hosts');
  fs.writeFileSync(kh, [sshd.knownHostsLine, skelSshd?.knownHostsLine].filter(Boolean).join('\n') + '\n');
  const env = { ...process.env, SPOOLSCOPE_DATA_DIR: data, SSH_AUTH_SOCK: '' };
  // The app verifies against its own known_hosts in the data dir.
  fs.writeFileSync(path.join(data, 'known_hosts'), sshd.knownHostsLine + '\n');
  const app = await startApp(data, sshd, tree);
  const scanSshAs = (user: string, port: number) => () =>
    timed(process.execPath, [...nodeFlags, cli, 'scan', tree, '--json', '--ssh', `${user}@127.0.0.1:${port}`, '--identity', sshd.identityFile, '--known-hosts', kh], env);
  const duSshAs = (user: string, port: number) => () =>
    timed('ssh', ['-i', sshd.identityFile, '-o', `UserKnownHostsFile=${kh}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-p', String(port), `${user}@127.0.0.1`, 'du', '-sk', tree]);
  const scanSsh = scanSshAs('root', sshd.port);
  const duSsh = duSshAs('root', sshd.port);
  const scanSkel = skelSshd ? scanSshAs(SKEL_USER, skelSshd.port) : null;
  const duSkel = skelSshd ? duSshAs(SKEL_USER, skelSshd.port) : null;
  const scanLocal = () => timed(process.execPath, [...nodeFlags, cli, 'scan', tree, '--json'], env);
  try {
    // Warm the page cache and both code paths once.
    await duSsh();
    await scanSsh();
    await duSkel?.();
    await scanSkel?.();
    await app.scan();
    const t = { ssh: [] as number[], app: [] as number[], du: [] as number[], local: [] as number[], skelDu: [] as number[], skelSsh: [] as number[] };
    for (let i = 0; i < runs; i++) {
      t.du.push(await duSsh());
      t.ssh.push(await scanSsh());
      if (duSkel && scanSkel) {
        t.skelDu.push(await duSkel());
        t.skelSsh.push(await scanSkel());
      }
      t.app.push(await app.scan());
      t.local.push(await scanLocal());
    }
    const m = { ssh: median(t.ssh), app: median(t.app), du: median(t.du), local: median(t.local), skelDu: median(t.skelDu) ?? null, skelSsh: median(t.skelSsh) ?? null };
    const ratio = m.ssh / m.du;
    const appRatio = m.app / m.du;
    const skelRatio = m.skelSsh !== null && m.skelDu !== null ? m.skelSsh / m.skelDu : null;
    const row = (name: string, ms: number, all: number[]) => `${name.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms   (${all.map((x) => x.toFixed(0)).join(', ')})\n`;
    process.stdout.write(row('ssh root@127.0.0.1 du -sk', m.du, t.du));
    process.stdout.write(row('spoolscope scan --ssh root@ (CLI)', m.ssh, t.ssh));
    process.stdout.write(row('spoolscope scan in the app (SSH node, root)', m.app, t.app));
    if (m.skelDu !== null && m.skelSsh !== null) {
      process.stdout.write(row(`ssh ${SKEL_USER}@ du -sk (skel .bashrc)`, m.skelDu, t.skelDu));
      process.stdout.write(row(`spoolscope scan --ssh ${SKEL_USER}@ (CLI)`, m.skelSsh, t.skelSsh));
    } else process.stdout.write(`${`${SKEL_USER} rows`.padEnd(44)} skipped: ${skelSkip}\n`);
    process.stdout.write(row('spoolscope scan (local, reference)', m.local, t.local));
    const verdict = (r: number) => `${r.toFixed(2)}x (target <= ${TARGET_RATIO}x) ${r <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`;
    process.stdout.write(`ratio CLI scan over SSH / ssh du -sk, root: ${verdict(ratio)}\n`);
    if (skelRatio !== null) process.stdout.write(`ratio CLI scan over SSH / ssh du -sk, ${SKEL_USER}: ${verdict(skelRatio)}\n`);
    process.stdout.write(`ratio app scan over SSH / ssh du -sk, root: ${verdict(appRatio)}\n`);
    fs.mkdirSync(path.join(benchDir, '.cache'), { recursive: true });
    fs.writeFileSync(path.join(benchDir, '.cache', 'last-ssh-run.json'), JSON.stringify({ files, runs, medianMs: m, ratio, appRatio, skelRatio, at: new Date().toISOString() }, null, 2));
  } finally {
    await app.close();
    await sshd.stop();
    await skelSshd?.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`ssh-scan-bench: ${err.message}\n`);
  process.exit(1);
});
