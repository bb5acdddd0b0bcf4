// `spoolscope fleet` against real sshd nodes: refreshes them through the same fleet.* calls as the home
// screen and prints the table worst first; a stopped node makes the answer partial (exit 3); naming nodes
// refreshes only those.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRow } from '../../../src/shared/nodeModels';
import { runCli } from '../../support/cli';
import { makeClientKey, startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('fleet-cli');
const sshds: Sshd[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  const clientKey = makeClientKey(tmp.dir);
  sshds.push(...(await Promise.all([0, 1, 2].map(() => startSshd({ clientKey })))));
  const home = join(tmp.dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  writeFileSync(join(home, '.ssh/known_hosts'), sshds.map((s) => s.knownHostsLine).join('\n') + '\n');
  env = { HOME: home, SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '' };
  for (const [i, s] of sshds.entries()) {
    const r = runCli(['nodes', 'add', ['alpha', 'beta', 'gone'][i], '--host', s.host, '--port', String(s.port), '--user', 'root', '--identity', s.identityFile], env);
    if (r.status !== 0) throw new Error(`nodes add: ${r.stderr}`);
  }
  await sshds[2].stop();
}, 60_000);

afterAll(async () => {
  await Promise.all(sshds.map((s) => s.stop()));
  tmp.cleanup();
});

describe('spoolscope fleet', () => {
  it('refreshes every node and prints them worst first; a stopped node makes it partial (exit 3)', () => {
    const r = runCli(['fleet', '--json'], env);
    expect(r.status, r.stderr).toBe(3);
    const { rows } = JSON.parse(r.stdout) as { rows: FleetRow[] };
    const byName = new Map(rows.map((x) => [x.name, x]));
    expect([...byName.keys()].sort()).toEqual(['alpha', 'beta', 'gone', 'local']);
    for (const n of ['alpha', 'beta']) {
      expect(byName.get(n)!.state).toBe('connected');
      expect(byName.get(n)!.worstFillRatio).not.toBeNull();
      expect(byName.get(n)!.heldBytes).not.toBeNull();
    }
    expect(byName.get('gone')!.state).toBe('unreachable');
    expect(rows.every((x) => !x.refreshing)).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].risk).toBeGreaterThanOrEqual(rows[i].risk);
  });

  it('refreshes only the named nodes and exits 0 when all of them were measured; text output is a table', () => {
    const r = runCli(['fleet', 'alpha', 'beta'], env);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NODE\s+STATE\s+WORST\s+FILL\s+HELD\s+LARGEST ROOT\s+NOTE/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0]).sort()).toEqual(['alpha', 'beta']);
  });

  it('refuses an unknown node name with what to do', () => {
    const r = runCli(['fleet', 'nope'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown node "nope": add it first/);
  });
});
