// An SshTransport named 'lab' to a test sshd, trusting exactly that sshd's current host key (written to a
// known_hosts file of its own, so no test ever learns or accepts a key).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SshConnection, type ConnectionState } from '../../src/main/transport/ssh/sshConnection';
import { SshTransport } from '../../src/main/transport/ssh/sshTransport';
import type { ExecChannelPool } from '../../src/main/transport/ssh/execChannelPool';
import { afterAll, beforeAll } from 'vitest';
import { startSshd, type Sshd } from './sshd';

export interface LabTransportOptions {
  pool?: ExecChannelPool;
  onState?: (s: ConnectionState) => void;
  /** Channels to open ahead of use (the transport's default when absent). */
  warm?: number;
  keepaliveIntervalMs?: number;
}

export function sshTransportTo(sshd: Sshd, opts: LabTransportOptions = {}): SshTransport {
  const kh = join(sshd.dir, 'client_known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  const conn = new SshConnection({
    name: 'lab',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    identityFile: sshd.identityFile,
    knownHostsFiles: [kh],
    trustFile: kh,
    hostKeyPolicy: () => ({ acceptNew: false }),
    onState: opts.onState,
    keepaliveIntervalMs: opts.keepaliveIntervalMs,
  });
  return new SshTransport('lab', conn, opts.pool, opts.warm);
}

/**
 * A test sshd and a transport to it for the enclosing describe block: started before its tests, closed after.
 * Call inside `describe`; read the pair through the returned function once the tests run.
 */
export function useLabSsh(): () => { sshd: Sshd; ssh: SshTransport } {
  let lab: { sshd: Sshd; ssh: SshTransport } | null = null;
  beforeAll(async () => {
    const sshd = await startSshd();
    lab = { sshd, ssh: sshTransportTo(sshd) };
  });
  afterAll(async () => {
    await lab?.ssh.close();
    await lab?.sshd.stop();
  });
  return () => {
    if (!lab) throw new Error('the lab sshd is not started: useLabSsh() belongs in a describe block');
    return lab;
  };
}
