// held.*: disk held by deleted-but-open files, and reclaiming it by truncation (a plan first, then its id).
import type { Handlers } from '../rpc/dispatcher';
import type { HeldScanner } from '../services/held/heldScanner';
import type { HeldReclaimer } from '../services/held/heldReclaimer';

export interface HeldHandlerDeps {
  scanner: HeldScanner;
  reclaimer: HeldReclaimer;
}

export function heldHandlers({ scanner, reclaimer }: HeldHandlerDeps): Pick<Handlers, 'held.scan' | 'held.plan' | 'held.reclaim'> {
  return {
    'held.scan': ({ node }) => scanner.scan(node),
    'held.plan': ({ node, pid, fds }) => reclaimer.plan(node, pid, fds),
    'held.reclaim': ({ planId }) => reclaimer.reclaim(planId),
  };
}
