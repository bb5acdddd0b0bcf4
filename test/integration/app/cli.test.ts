// The CLI front door: JSON shapes an operator can script against, readable tables, one-line errors.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { makeTempDir } from '../../support/tempDir';
import { cliPath, runCli } from '../../support/cli';

const tmp = makeTempDir('cli');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') };
let lab: LabInfo;

beforeAll(async () => {
  lab = await buildLab(join(tmp.dir, 'lab'));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('spoolscope scan', () => {
  it('prints one JSON object with totals equal to du and the spike day as the largest partition', () => {
    const r = runCli(['scan', lab.root, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.root).toBe(lab.root);
    const duKiB = Number(execFileSync('du', ['-sk', '--one-file-system', lab.root]).toString().split('\t')[0]);
    expect(out.allocatedBytes).toBe(duKiB * 1024);
    expect(out.apparentBytes).toBe(Number(execFileSync('du', ['-sb', lab.root]).toString().split('\t')[0]));
    expect(out.files).toBeGreaterThan(20);
    expect(out.partitions[0]).toMatchObject({ path: lab.spikeDayPath, kind: 'day' });
    for (const p of out.partitions) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['path', 'kind', 'allocatedBytes', 'apparentBytes', 'files', 'newestMtime']));
    }
    const kinds = new Set(out.partitions.map((p: { kind: string }) => p.kind));
    expect([...kinds].sort()).toEqual(['day', 'rotated', 'segment']);
  });

  it('prints a readable table without --json', () => {
    const r = runCli(['scan', lab.root], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/PARTITION\s+KIND\s+ALLOCATED/);
    expect(r.stdout).toContain(lab.spikeDayPath);
    expect(r.stdout).toMatch(/MiB/);
  });

  it('fails with one line and a non-zero exit for a missing root', () => {
    const r = runCli(['scan', join(tmp.dir, 'no-such-dir'), '--json'], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([`spoolscope: ${join(tmp.dir, 'no-such-dir')} does not exist`]);
  });

  it('fails with one line for a file given as root', () => {
    const file = join(tmp.dir, 'plain-file');
    writeFileSync(file, 'x');
    const r = runCli(['scan', file], env);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`spoolscope: ${file} is not a directory`]);
  });

  it('fails with one line for a root the user cannot read', (ctx) => {
    const probe = runCli(['--help'], {}, 65534);
    if (probe.status !== 0) ctx.skip(`cannot run the CLI as nobody here (${probe.stderr.split('\n')[0]})`);
    chmodSync(tmp.dir, 0o711); // nobody must reach the locked dir to be refused by it, not by its parent
    const locked = join(tmp.dir, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    const data = join(tmp.dir, 'nobody-data');
    mkdirSync(data, { mode: 0o777 });
    chmodSync(data, 0o777);
    const r = runCli(['scan', locked], { SPOOLSCOPE_DATA_DIR: data }, 65534);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is not readable');
  });

  it('says a root behind an unsearchable directory is unreachable, not missing', (ctx) => {
    const probe = runCli(['--help'], {}, 65534);
    if (probe.status !== 0) ctx.skip(`cannot run the CLI as nobody here (${probe.stderr.split('\n')[0]})`);
    chmodSync(tmp.dir, 0o711);
    const hidden = join(tmp.dir, 'hidden');
    mkdirSync(join(hidden, 'inner'), { recursive: true, mode: 0o700 });
    chmodSync(hidden, 0o700);
    const r = runCli(['scan', join(hidden, 'inner')], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'nobody-data') }, 65534);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cannot search');
  });

  it('says so in one line when the state store cannot be opened', () => {
    // (not under /proc: Node's recursive mkdir spins forever there)
    const r = runCli(['df'], { SPOOLSCOPE_DATA_DIR: '/dev/null/spoolscope' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('SPOOLSCOPE_DATA_DIR');
  });

  it('refuses an empty --ssh or --node instead of running on this machine', () => {
    const ssh = runCli(['df', '--ssh', ''], env);
    expect(ssh.status).toBe(1);
    expect(ssh.stderr).toBe('spoolscope: --ssh takes USER@HOST[:PORT], got ""\n');
    const node = runCli(['df', '--node', ''], env);
    expect(node.status).toBe(1);
    expect(node.stderr).toBe('spoolscope: --node takes a NAME (a saved node, a ~/.ssh/config Host, or local), got ""\n');
    // A relative path with an (empty) remote target is checked as a remote path, like any other.
    expect(runCli(['sources', 'logs', '--ssh', ''], env).stderr).toMatch(/on a remote node the path must be absolute/);
    expect(runCli(['watch', 'logs', '--ssh', '', '--for', '1'], env).stderr).toMatch(/ROOT on another node must be an absolute path/);
  });

  it('ends with its own exit code and no stack trace when its reader goes away (| head)', async () => {
    // The read end is closed before the CLI writes, so its first write gets EPIPE, as behind `| head -c 1`.
    const child = spawn(process.execPath, [cliPath, 'scan', lab.root, '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('refuses an unknown command with usage and exit 1', () => {
    const r = runCli(['frobnicate'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});

describe('spoolscope df', () => {
  it('prints filesystems with mount, fstype and byte counts matching df', () => {
    const r = runCli(['df', '--json'], env);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const root = out.filesystems.find((f: { mount: string }) => f.mount === '/');
    expect(root).toBeDefined();
    const [size] = execFileSync('df', ['-B1', '--output=size', '/']).toString().trim().split('\n').slice(1);
    expect(root.sizeBytes).toBe(Number(size));
    for (const f of out.filesystems) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['mount', 'fstype', 'sizeBytes', 'usedBytes', 'availBytes']));
      expect(['ok', 'warn', 'critical']).toContain(f.level);
    }
  });

  it('prints a readable table without --json', () => {
    const r = runCli(['df'], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^MOUNT\s+TYPE\s+SIZE/);
  });

  it('gives / the fill df gives it: used / (used + available), rounded up, not used / size', () => {
    // Read df, then the CLI, then df again: a / that others write to may cross a percent in between.
    const use = () => execFileSync('df', ['--output=pcent', '/']).toString().trim().split('\n')[1].trim();
    const before = use();
    const r = runCli(['df'], env);
    const after = use();
    expect(r.status).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('/ '));
    expect(row).toBeDefined();
    const shown = /\s(\d+%)(?: !!?)?\s+(?:\d+%|-)\s*$/.exec(row!)?.[1];
    expect([before, after]).toContain(shown);
    const json = JSON.parse(runCli(['df', '--json'], env).stdout);
    const root = json.filesystems.find((f: { mount: string }) => f.mount === '/');
    expect(root.fillRatio).toBeCloseTo(root.usedBytes / (root.usedBytes + root.availBytes), 12);
  });
});
