// A connection made early is adopted only when every value it was made with is the adopter's: each one, changed
// alone, makes another identity; the hooks (whose answers the adopter supplies) do not.
import { describe, expect, it } from 'vitest';
import { connectionIdentity, resolveSshSettings, sshConnectionOptions } from '../../../src/main/nodes/sshConnectionOptions';
import type { SshConnectionOptions } from '../../../src/main/transport/ssh/sshConnection';

const base = (): SshConnectionOptions =>
  sshConnectionOptions(
    { name: 'root@10.0.0.5:22', host: '10.0.0.5', port: 22, user: 'root', identityFile: '/keys/id', sudo: false } as never,
    resolveSshSettings({ dataDir: '/data', env: { HOME: '/home/op', SSH_AUTH_SOCK: '' } }),
    { passphrase: () => undefined, trustFingerprint: () => null },
  );

describe('connectionIdentity', () => {
  it('is the same for the same values, whatever the hooks answer to', () => {
    const other = { ...base(), passphrase: () => 'secret', onState: () => {} };
    expect(connectionIdentity(other)).toBe(connectionIdentity(base()));
  });

  it('changes with each value alone', () => {
    const changes: Array<[string, (o: SshConnectionOptions) => SshConnectionOptions]> = [
      ['name', (o) => ({ ...o, name: 'x' })],
      ['host', (o) => ({ ...o, host: '10.0.0.6' })],
      ['port', (o) => ({ ...o, port: 2222 })],
      ['user', (o) => ({ ...o, user: 'ops' })],
      ['identityFile', (o) => ({ ...o, identityFile: '/keys/other' })],
      ['no identityFile', (o) => ({ ...o, identityFile: undefined })],
      ['agentSocket', (o) => ({ ...o, agentSocket: '/run/agent' })],
      ['knownHostsFiles', (o) => ({ ...o, knownHostsFiles: ['/other/known_hosts'] })],
      ['trustFile', (o) => ({ ...o, trustFile: '/other/known_hosts' })],
      ['acceptNew', (o) => ({ ...o, hostKeyPolicy: () => ({ acceptNew: true, trustFingerprint: null }) })],
      ['trustFingerprint', (o) => ({ ...o, hostKeyPolicy: () => ({ acceptNew: false, trustFingerprint: 'SHA256:x' }) })],
      ['jump', (o) => ({ ...o, jump: { opts: { name: 'bastion' } } as never })],
      ['keepalive', (o) => ({ ...o, keepaliveIntervalMs: 1000 })],
      ['readyTimeout', (o) => ({ ...o, readyTimeoutMs: 1000 })],
    ];
    const seen = new Set([connectionIdentity(base())]);
    for (const [what, change] of changes) {
      const id = connectionIdentity(change(base()));
      expect(seen.has(id), what).toBe(false);
      seen.add(id);
    }
  });

  it('the default known_hosts are the home and data directory files, as the registry always had them', () => {
    const s = resolveSshSettings({ dataDir: '/data', env: { HOME: '/home/op' } });
    expect(s.knownHostsFiles).toEqual(['/home/op/.ssh/known_hosts', '/data/known_hosts']);
    expect(s.trustFile).toBe('/data/known_hosts');
    expect(resolveSshSettings({ dataDir: '/data', env: {}, knownHostsFiles: ['/k'], trustFile: '/k' }).knownHostsFiles).toEqual(['/k']);
  });
});
