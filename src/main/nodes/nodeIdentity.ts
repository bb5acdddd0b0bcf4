// Who the probes run as on a node: root, root through `sudo -n`, or a plain user (results partial).
import type { SshNodeConfig } from '../../shared/nodeModels';
import type { SshTransport } from '../transport/ssh/sshTransport';
import { collectOutput } from '../transport/execOutput';

const ID_LIMITS = { maxBytes: 4096, maxRecords: 16, recordTerminator: 10, timeoutMs: 20_000, maxStderrBytes: 2048 };
// Fixed text; `sudo -n` never prompts, so a user who may not sudo gets a refusal at once.
const WHO = 'id -u; id -un';
const WHO_AND_SUDO = 'id -u; id -un; if sudo -n true 2>/dev/null; then echo sudo-ok; else echo sudo-refused; fi';

export interface NodeIdentity {
  useSudo: boolean;
  /** Why results from this node are partial, or null when probes run as root. */
  partialWhy: string | null;
  /** No answer at all (a channel or the connection dropped, not a node without `id`): ask again at the next probe. */
  inconclusive?: boolean;
}

export async function checkNodeIdentity(transport: SshTransport, config: SshNodeConfig): Promise<NodeIdentity> {
  const { output, outcome } = await collectOutput(transport.execUnprepared(config.sudo ? WHO_AND_SUDO : WHO, Buffer.alloc(0), ID_LIMITS, false));
  const [uid, user, sudo] = output.toString('utf8').split('\n');
  if (outcome.exitCode !== 0 || !/^\d+$/.test(uid ?? '')) {
    // The connection failed (its state says why) or the node has no usable `id`: assume the least.
    if (outcome.exitCode === null) await transport.connection.ready();
    return { useSudo: false, partialWhy: `could not tell which user the probes run as on ${config.name}: results may be partial`, inconclusive: outcome.exitCode === null };
  }
  if (uid === '0') return { useSudo: false, partialWhy: null };
  if (config.sudo && sudo === 'sudo-ok') return { useSudo: true, partialWhy: null };
  const how = config.sudo ? `sudo -n is not allowed for ${user}` : 'sudo mode is off';
  return { useSudo: false, partialWhy: `logged in as ${user}, not root, and ${how}: results show only what ${user} can see (partial)` };
}
