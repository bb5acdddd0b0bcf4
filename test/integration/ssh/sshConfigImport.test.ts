// ~/.ssh/config import through the ssh-config library: concrete hosts become nodes as ssh would compute
// them, patterns and unsupported shapes are skipped with a reason, `Match exec` is never run, and a
// config host works on the CLI with --node.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSshConfig } from '../../../src/main/nodes/sshConfigImport';
import { runCli } from '../../support/cli';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const env = { home: '/home/op', localUser: 'op' };

describe('parsing an OpenSSH client config', () => {
  it('computes HostName, User, Port, IdentityFile and ProxyJump per Host, with Host * defaults applied', () => {
    const { nodes, skipped } = parseSshConfig(
      `Host db1
  HostName 10.1.0.5
  User postgres
  Port 2222
  IdentityFile ~/.ssh/id_db

Host web1 web2
  HostName %h.internal
  ProxyJump bastion

Host bastion
  HostName bastion.example
  User jump

Host *
  User ops
  IdentityFile ~/.ssh/id_fleet
`,
      env,
    );
    expect(skipped).toEqual([{ host: '*', reason: expect.stringContaining('pattern') }]);
    const byName = Object.fromEntries(nodes.map((n) => [n.name, n]));
    expect(byName.db1).toEqual({ name: 'db1', host: '10.1.0.5', port: 2222, user: 'postgres', identityFile: '/home/op/.ssh/id_db', sudo: false });
    expect(byName.web1).toMatchObject({ host: 'web1.internal', user: 'ops', port: 22, identityFile: '/home/op/.ssh/id_fleet', jumpHost: 'bastion' });
    expect(byName.web2.host).toBe('web2.internal');
    expect(byName.bastion).toMatchObject({ host: 'bastion.example', user: 'jump' });
  });

  it('skips wildcard and negated patterns, multi-hop jumps and ProxyCommand, saying why', () => {
    const { nodes, skipped } = parseSshConfig(
      `Host prod-*
  User x
Host a
  ProxyJump b,c
Host legacy
  ProxyCommand nc %h %p
Host ok
  HostName 127.0.0.1
`,
      env,
    );
    expect(nodes.map((n) => n.name)).toEqual(['ok']);
    expect(nodes[0].user).toBe('op');
    expect(skipped.map((s) => s.host)).toEqual(['prod-*', 'a', 'legacy']);
    expect(skipped[1].reason).toContain('only one jump host');
    expect(skipped[2].reason).toContain('ProxyCommand');
  });

  it('never runs the command of a Match exec line while importing', () => {
    const canary = join(makeTempDir('matchexec').dir, 'ran');
    parseSshConfig(`Match exec "touch ${canary}"\n  User evil\nHost h\n  HostName 127.0.0.1\n`, env);
    expect(existsSync(canary)).toBe(false);
  });
});

describe('a ~/.ssh/config host on the CLI', () => {
  let sshd: Sshd;
  const tmp = makeTempDir('sshconfig-cli');
  const home = join(tmp.dir, 'home');
  const cliEnv = () => ({ HOME: home, SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '' });

  beforeAll(async () => {
    sshd = await startSshd();
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'config'), `Host lab\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ${sshd.identityFile}\n\nHost *.example\n  User nobody\n`);
    writeFileSync(join(home, '.ssh', 'known_hosts'), sshd.knownHostsLine + '\n');
  });
  afterAll(async () => {
    await sshd?.stop();
    tmp.cleanup();
  });

  it('runs a command with --node NAME for a Host of ~/.ssh/config, verified against ~/.ssh/known_hosts', () => {
    const r = runCli(['df', '--json', '--node', 'lab'], cliEnv());
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).filesystems.length).toBeGreaterThan(0);
  });

  it('imports the config as saved nodes and lists them with the pattern skipped', () => {
    const r = runCli(['nodes', 'import-ssh-config', '--json'], cliEnv());
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.imported).toEqual(['lab']);
    expect(out.skipped).toEqual([{ host: '*.example', reason: expect.any(String) }]);
    const list = JSON.parse(runCli(['nodes', 'list', '--json'], cliEnv()).stdout);
    expect(list.nodes.map((n: { name: string; state: string }) => `${n.name}:${n.state}`)).toEqual(['local:local', 'lab:idle']);
    expect(list.nodes[1].config).toMatchObject({ host: '127.0.0.1', port: sshd.port, user: 'root' });
  });

  it('adds a node by hand, runs a command on it with --node, and removes it', () => {
    const add = runCli(['nodes', 'add', 'byhand', '--host', '127.0.0.1', '--port', String(sshd.port), '--user', 'root', '--identity', sshd.identityFile, '--json'], cliEnv());
    expect(add.status, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).nodes.map((n: { name: string }) => n.name)).toContain('byhand');
    const df = runCli(['df', '--json', '--node', 'byhand'], cliEnv());
    expect(df.status, df.stderr).toBe(0);
    const removed = runCli(['nodes', 'remove', 'byhand', '--json'], cliEnv());
    expect(JSON.parse(removed.stdout).nodes.map((n: { name: string }) => n.name)).not.toContain('byhand');
    expect(runCli(['df', '--node', 'byhand'], cliEnv()).status).toBe(1);
  });

  it('says plainly when a --node name is neither saved nor in ~/.ssh/config', () => {
    const r = runCli(['df', '--node', 'nosuch'], cliEnv());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown node "nosuch"');
  });
});
