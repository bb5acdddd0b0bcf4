// A backend (the CLI's front door) with one SSH node on a real sshd on 127.0.0.1, its host key already
// known: what a test needs to call any contract method on a remote node.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../src/main/backend';
import type { MethodName } from '../../src/shared/contract';
import { startSshd, type Sshd } from './sshd';

export interface SshBackend {
  sshd: Sshd;
  backend: Backend;
  /** Calls a method through the dispatcher as the CLI does; a refusal throws with its message. */
  call<T = unknown>(method: MethodName, request: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts sshd and a backend whose data lives in `dir`, with the node `name` saved (root login). */
export async function startSshBackend(dir: string, name: string): Promise<SshBackend> {
  const sshd = await startSshd();
  const kh = join(dir, 'known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  const backend = createBackend({ dataDir: join(dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: null });
  await backend.nodes.add({ name, host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile });
  return {
    sshd,
    backend,
    async call<T>(method: MethodName, request: unknown): Promise<T> {
      const r = await backend.dispatcher.call(method, request, { frontDoor: 'cli' });
      if (!r.ok) throw new Error(`${method}: ${r.message}`);
      return r.result as T;
    },
    async close() {
      await backend.close();
      await sshd.stop();
    },
  };
}
