// The CLI's --ssh node, connected early: its TCP socket opens before the backend loads (see
// transport/ssh/earlySocket.ts). Only when the run could go on to use it: the target reads as USER@HOST[:PORT]
// and there is a credential to offer (a key file given that exists, or an ssh-agent), so a run that will
// refuse for want of credentials still opens no connection at all.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openEarlySocket } from '../transport/ssh/earlySocket';
import { parseSshTarget } from './sshTarget';

/** The node flags of a run (cli/nodeFlags.ts reads them from argv as the run itself will). */
export interface EarlyNodeFlags {
  ssh?: string;
  node?: string;
  identity?: string;
}

/** The host and port of the run's --ssh node when the run could use an early socket to it; otherwise null. */
export function earlySshTarget(flags: EarlyNodeFlags, env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): { host: string; port: number } | null {
  // --node with --ssh is refused by the run itself: no connection for it either.
  if (flags.ssh === undefined || flags.node !== undefined) return null;
  const target = parseSshTarget(flags.ssh, true);
  if ('error' in target) return null;
  const agent = env.SSH_AUTH_SOCK;
  const hasKey = flags.identity !== undefined && flags.identity !== '' && exists(resolve(flags.identity));
  const hasAgent = agent !== undefined && agent !== '' && exists(agent);
  return hasKey || hasAgent ? { host: target.host, port: target.port } : null;
}

/** Opens the early socket for the run's --ssh node when the run could use it; says whether it did. */
export function connectEarlyFor(flags: EarlyNodeFlags, env: NodeJS.ProcessEnv): boolean {
  const t = earlySshTarget(flags, env);
  if (t) openEarlySocket(t.host, t.port);
  return t !== null;
}
