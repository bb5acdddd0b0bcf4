// Mounted filesystems of a node, through the df probe, and the mount each of its roots is really on.
import type { Filesystem, RootMount } from '../../../shared/models';
import { RpcError } from '../../../shared/rpcResult';
import { parseDfProbe } from '../../core/common/dfRecords';
import { probeScripts } from '../../probe/probeScripts';
import { collectOutput } from '../../transport/execOutput';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import { limitMessage, probeWarnings } from './probeErrors';

export const DF_LIMITS: ExecLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxRecords: 20_000,
  recordTerminator: 10,
  // A hung NFS mount makes df block: a time limit keeps the node view alive.
  timeoutMs: 15_000,
  maxStderrBytes: 8 * 1024,
};

/**
 * Every filesystem df lists, and for each of `roots` the mount `df ROOT` names on the node. A root's
 * filesystem the listing left out (df shows one mount per filesystem, so a root on a bind mount is missing
 * from it) is added: the filesystem a root is on is always in the list.
 */
export async function readFilesystems(
  transport: Transport,
  limits: ExecLimits = DF_LIMITS,
  roots: readonly string[] = [],
): Promise<{ filesystems: Filesystem[]; rootMounts: RootMount[]; partial: boolean; errors: string[] }> {
  const { output, outcome } = await collectOutput(transport.exec(probeScripts.df, roots.length > 0 ? nulInput(roots) : Buffer.alloc(0), limits));
  const { filesystems, malformed, rootFilesystems } = parseDfProbe(output.toString('utf8'), roots.length);
  const listed = new Set(filesystems.map((f) => f.mount));
  for (const f of rootFilesystems) {
    if (f && !listed.has(f.mount)) {
      listed.add(f.mount);
      filesystems.push(f);
    }
  }
  const rootMounts = roots.map((root, i) => ({ root, mount: rootFilesystems[i]?.mount ?? null }));
  const errors = probeWarnings(outcome);
  const limited = limitMessage(outcome);
  if (limited) errors.unshift(`df ${limited}`);
  if (malformed > 0) errors.push(`${malformed} df lines could not be read`);
  if (filesystems.length === 0) {
    throw new RpcError('io_error', `could not list filesystems on ${transport.nodeName}: ${errors[0] ?? `df exited ${outcome.exitCode}`}`);
  }
  filesystems.sort((a, b) => b.fillRatio - a.fillRatio || a.mount.localeCompare(b.mount));
  return { filesystems, rootMounts, partial: errors.length > 0 || outcome.exitCode !== 0, errors };
}

/** statvfs used bytes (the df probe) of the given mount points; a df failure becomes a warning. */
async function usedBytesByMount(transport: Transport, mounts: readonly string[], warnings: string[]): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  if (mounts.length === 0) return used;
  try {
    const { filesystems } = await readFilesystems(transport);
    for (const f of filesystems) if (mounts.includes(f.mount)) used.set(f.mount, f.usedBytes);
  } catch (err) {
    warnings.push(`df failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return used;
}

export interface FreedMeasure {
  filesystems: { mount: string; usedBefore: number; usedAfter: number }[];
  /** statvfs used bytes before minus after, summed over the mounts measured both times. */
  freedBytes: number;
}

/** Runs `act` between two df readings of the mounts; a mount not measured both times is a warning. */
export async function measureFreed(transport: Transport, mounts: readonly string[], warnings: string[], act: () => Promise<void>): Promise<FreedMeasure> {
  const before = await usedBytesByMount(transport, mounts, warnings);
  await act();
  const after = await usedBytesByMount(transport, mounts, warnings);
  const filesystems: FreedMeasure['filesystems'] = [];
  for (const mount of mounts) {
    const usedBefore = before.get(mount);
    const usedAfter = after.get(mount);
    if (usedBefore === undefined || usedAfter === undefined) {
      warnings.push(`could not measure ${mount} before and after: not in freedBytes`);
      continue;
    }
    filesystems.push({ mount, usedBefore, usedAfter });
  }
  return { filesystems, freedBytes: filesystems.reduce((s, f) => s + (f.usedBefore - f.usedAfter), 0) };
}
