// Diff and ncdu export on a node reached over SSH (a real sshd on 127.0.0.1): the same answers as here.
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempDir';
import { startSshCli, type SshCli } from '../../support/sshCli';
import { cliPath, runCli } from '../../support/cli';

const tmp = makeTempDir('history-ssh');
const root = join(tmp.dir, 'spool');
let ssh: SshCli;
const env = () => ({ SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '' });

function exportTo(file: string, extra: string[]): { status: number | null; stderr: string } {
  const fd = openSync(file, 'w');
  const r = spawnSync(process.execPath, [cliPath, 'export-ncdu', root, ...extra], { env: { ...process.env, ...env() }, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  closeSync(fd);
  return r;
}

beforeAll(async () => {
  mkdirSync(join(root, 'logs/2026/300'), { recursive: true });
  writeFileSync(join(root, 'logs/2026/300/a.log'), Buffer.alloc(200 * 1024, 1));
  writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from('-x \n$(y)\xff', 'latin1')]), 'z');
  ssh = await startSshCli(tmp.dir);
}, 60_000);
afterAll(async () => {
  await ssh?.stop();
  tmp.cleanup();
});

describe('history over SSH', () => {
  it('diffs two scans of a root on the node, --rescan running the scan there', () => {
    const first = runCli(['diff', root, '--rescan', ...ssh.flags, '--json'], env());
    expect(first.status).toBe(4);
    expect(JSON.parse(first.stdout).to.scannedAt).toBeGreaterThan(0);
    appendFileSync(join(root, 'logs/2026/300/a.log'), Buffer.alloc(512 * 1024, 2));
    const second = runCli(['diff', root, '--rescan', ...ssh.flags, '--json'], env());
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    const d = JSON.parse(second.stdout);
    expect(d.entries.find((e: { path: string }) => e.path === 'logs/2026/300')).toMatchObject({ kind: 'day', change: 'grew' });
    // Stored under the SSH node, not this machine.
    expect(runCli(['diff', root, '--json'], env()).status).toBe(4);
  });

  it('exports the same bytes over SSH as here, but for the timestamp', () => {
    const here = join(tmp.dir, 'here.json');
    const there = join(tmp.dir, 'there.json');
    expect(exportTo(here, []).status).toBe(0);
    const r = exportTo(there, ssh.flags);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const noStamp = (f: string) => readFileSync(f).toString('latin1').replace(/"timestamp":\d+/, '');
    expect(noStamp(there)).toBe(noStamp(here));
  });
});
