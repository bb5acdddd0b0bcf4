// The CLI's --ssh node, connected early: its TCP socket opens before the backend loads (see
// transport/ssh/earlySocket.ts). Only when the run could go on to use it: the target reads as USER@HOST[:PORT]
// and there is a credential to offer (a key file given that exists, or an ssh-agent), so a run that will
// refuse for want of credentials still opens no connection at all.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openEarlySocket } from '../transport/ssh/earlySocket';
import { parseSshTarget } from './sshTarget';

/** The value of a `--name VALUE` or `--name=VALUE` flag before any `--`; the last one given wins, as parseArgs has it. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === `--${name}` && i + 1 < argv.length) value = argv[++i];
    else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
  }
  return value;
}

/** The host and port of argv's --ssh node when the run could use an early socket to it; otherwise null. */
export function earlySshTarget(argv: readonly string[], env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): { host: string; port: number } | null {
  const ssh = flagValue(argv, 'ssh');
  // --node with --ssh is refused by the run itself: no connection for it either.
  if (ssh === undefined || flagValue(argv, 'node') !== undefined) return null;
  const target = parseSshTarget(ssh, true);
  if ('error' in target) return null;
  const identity = flagValue(argv, 'identity');
  const agent = env.SSH_AUTH_SOCK;
  const hasKey = identity !== undefined && identity !== '' && exists(resolve(identity));
  const hasAgent = agent !== undefined && agent !== '' && exists(agent);
  return hasKey || hasAgent ? { host: target.host, port: target.port } : null;
}

/** Opens the early socket for argv's --ssh node when the run could use it; says whether it did. */
export function connectEarlyFor(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const t = earlySshTarget(argv, env);
  if (t) openEarlySocket(t.host, t.port);
  return t !== null;
}
