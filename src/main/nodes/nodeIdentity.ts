// Who the probes run as on a node: root, root through `sudo -n`, or a plain user (results partial).
// Without sudo mode the answer comes with a probe (its preamble line, judgeLogin); sudo mode, and a node
// whose preamble said nothing usable, asks on a session of its own (checkNodeIdentity).
import type { SshNodeConfig } from '../../shared/nodeModels';
import type { SshTransport } from '../transport/ssh/sshTransport';
import { isPlainUserName, type LoginIdentity } from '../transport/ssh/probePreamble';
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
  let answer = await askIdentity(transport, config);
  // A channel that closed without an answer (a busy sshd, a connection being replaced) is asked once more at
  // once: the node's state is shown from this answer, and "could not tell" for a session is the worst one.
  if (answer.exitCode === null) {
    await transport.connection.ready();
    answer = await askIdentity(transport, config);
  }
  return judgeIdentity(answer, config);
}

interface IdentityAnswer {
  text: string;
  exitCode: number | null;
}

async function askIdentity(transport: SshTransport, config: SshNodeConfig): Promise<IdentityAnswer> {
  const { output, outcome } = await collectOutput(transport.execUnprepared(config.sudo ? WHO_AND_SUDO : WHO, Buffer.alloc(0), ID_LIMITS, false));
  return { text: output.toString('utf8'), exitCode: outcome.exitCode };
}

/** Pure: who the answer says the probes run as. A uid without a name (`id -un` failed) is still a uid. */
export function judgeIdentity(answer: IdentityAnswer, config: Pick<SshNodeConfig, 'name' | 'sudo'>): NodeIdentity {
  const [uid, name, sudo] = answer.text.split('\n');
  if (!/^\d+$/.test(uid ?? '')) {
    // The connection failed (its state says why) or the node has no usable `id`: assume the least.
    return { useSudo: false, partialWhy: `could not tell which user the probes run as on ${config.name}: results may be partial`, inconclusive: answer.exitCode === null };
  }
  if (uid === '0') return { useSudo: false, partialWhy: null };
  if (config.sudo && sudo === 'sudo-ok') return { useSudo: true, partialWhy: null };
  // A name is node output: only a plain one is put in the message.
  const named = name && name !== 'sudo-ok' && name !== 'sudo-refused' && isPlainUserName(name);
  return notRoot(named ? name : `uid ${uid}`, config.sudo);
}

/** Pure: who the probes run as when the first probe's preamble said it (no sudo mode: sudo is never tried). */
export function judgeLogin(login: LoginIdentity): NodeIdentity {
  if (login.uid === 0) return { useSudo: false, partialWhy: null };
  return notRoot(login.user ?? `uid ${login.uid}`, false);
}

function notRoot(user: string, sudoMode: boolean): NodeIdentity {
  const how = sudoMode ? `sudo -n is not allowed for ${user}` : 'sudo mode is off';
  return { useSudo: false, partialWhy: `logged in as ${user}, not root, and ${how}: results show only what ${user} can see (partial)` };
}
