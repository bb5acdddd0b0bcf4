// One node's part of a fleet refresh: connect, read its filesystems, total its held deleted files, all
// within one deadline. Each step reports as soon as it has something, so the table fills in while the
// slower held probe is still running.
import type { Filesystem } from '../../../shared/models';
import type { NodeInfo, NodeState } from '../../../shared/nodeModels';
import { worstFilesystem } from '../../core/fleet/fleetRisk';
import type { NodeDirectory } from '../../nodes/nodeDirectory';
import type { ExecLimits } from '../../transport/transport';
import { DF_LIMITS, readFilesystems } from '../common/filesystems';
import { HELD_LIMITS, HeldScanner, type HeldScannerOptions } from '../held/heldScanner';

/** What a step learned; the refresher merges it into the node's row. */
export type NodeRefreshUpdate =
  | { kind: 'state'; info: NodeInfo }
  | { kind: 'filesystems'; worst: Filesystem | null; warning: string | null }
  | { kind: 'held'; heldBytes: number }
  | { kind: 'failed'; step: 'connect' | 'filesystems' | 'held'; message: string; timedOut: boolean };

export class DeadlineError extends Error {}

/** Resolves like `p`, or rejects with DeadlineError at `deadline` (epoch ms); the timer never outlives the race. */
export function beforeDeadline<T>(p: Promise<T>, deadline: number, what: string): Promise<T> {
  const left = deadline - Date.now();
  if (left <= 0) return Promise.reject(new DeadlineError(`${what}: no time left`));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: no answer`)), left);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

/** Probe limits cut to the time left, so a probe ends by itself near the deadline instead of running on. */
function withinDeadline(limits: ExecLimits, deadline: number): ExecLimits {
  return { ...limits, timeoutMs: Math.max(1000, Math.min(limits.timeoutMs, deadline - Date.now())) };
}

const READY_STATES = new Set<NodeState>(['local', 'connected', 'partial']);

export async function refreshOneNode(
  directory: NodeDirectory,
  name: string,
  deadline: number,
  timeoutText: string,
  report: (u: NodeRefreshUpdate) => void,
  inProcessProbe: HeldScannerOptions['inProcessProbe'] = undefined,
): Promise<void> {
  let info: NodeInfo;
  try {
    info = await beforeDeadline(directory.connect(name), deadline, 'connect');
  } catch (err) {
    const timedOut = err instanceof DeadlineError;
    report({
      kind: 'failed',
      step: 'connect',
      timedOut,
      message: timedOut ? `no SSH answer within ${timeoutText}: check that the host is up, the port is right and no firewall drops it` : (err as Error).message,
    });
    return;
  }
  report({ kind: 'state', info });
  if (!READY_STATES.has(info.state)) return;

  const transport = directory.transportFor(name);
  try {
    const df = await beforeDeadline(readFilesystems(transport, withinDeadline(DF_LIMITS, deadline)), deadline, 'df');
    report({ kind: 'filesystems', worst: worstFilesystem(df.filesystems), warning: df.partial ? (df.errors[0] ?? 'df was partial') : null });
  } catch (err) {
    const timedOut = err instanceof DeadlineError;
    report({ kind: 'failed', step: 'filesystems', timedOut, message: timedOut ? `df gave no answer within ${timeoutText} (a hung network mount?)` : (err as Error).message });
    return;
  }

  // The fleet only needs the total, not the reconciliation with scanned roots.
  const held = new HeldScanner({ transportFor: () => transport, visibleBytesByDevice: () => new Map(), limits: withinDeadline(HELD_LIMITS, deadline), inProcessProbe });
  try {
    const r = await beforeDeadline(held.scan(name), deadline, 'held');
    // A partial held report (a process that exited mid-scan, no root) is detailed in the node view; the
    // node's own state says "partial" when it lacks root. Here it would only repeat on every row.
    report({ kind: 'held', heldBytes: r.totalHeldBytes });
  } catch (err) {
    const timedOut = err instanceof DeadlineError;
    report({ kind: 'failed', step: 'held', timedOut, message: timedOut ? `the held-files scan did not finish within ${timeoutText}` : `held files: ${(err as Error).message}` });
  }
}
