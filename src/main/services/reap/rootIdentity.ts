// A root's physical identity read on its node when the root is added (resources/probe/root-identity.sh), so
// a later reap plan can tell the root is still the directory that was configured.
import type { RootIdentity } from '../../../shared/reapModels';
import { normalizeRootPath } from '../../../shared/rootPath';
import { parseRootIdentity, rootIdentityArgs } from '../../core/reap/rootIdentity';
import { probeScripts } from '../../probe/probeScripts';
import { collectOutput } from '../../transport/execOutput';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';

const IDENTITY_LIMITS: ExecLimits = { maxBytes: 64 * 1024, maxRecords: 4, recordTerminator: 0, timeoutMs: 15_000, maxStderrBytes: 4096 };

/**
 * The root as it is on the node now; null when it cannot be read there (not created yet, unreadable, the
 * node unreachable): then the first reap plan made for it records it instead (trust on first use).
 */
export async function readRootIdentity(transport: Transport, root: string): Promise<RootIdentity | null> {
  try {
    const { output, outcome } = await collectOutput(transport.exec(probeScripts.rootIdentity, nulInput(rootIdentityArgs(normalizeRootPath(root))), IDENTITY_LIMITS));
    return outcome.limitHit ? null : parseRootIdentity(output);
  } catch {
    return null;
  }
}
