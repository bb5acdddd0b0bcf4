// Reclaiming held deleted files by truncation: plan first, re-check identity at the moment of action,
// measure with statvfs, audit before and after. (Being written for issue 3; until then it says so.)
import type { HeldReport, ReclaimPlan, ReclaimResult } from '../../shared/heldModels';
import { RpcError } from '../../shared/rpcResult';
import type { StateStore } from '../store/stateStore';
import type { Transport } from '../transport/transport';

export interface HeldReclaimerOptions {
  transportFor(node: string): Transport;
  scan(node: string): Promise<HeldReport>;
  store: StateStore;
}

export class HeldReclaimer {
  constructor(private readonly opts: HeldReclaimerOptions) {}

  async plan(node: string, pid: number, fds?: number[]): Promise<ReclaimPlan> {
    void this.opts;
    void fds;
    throw new RpcError('internal', `reclaiming held files is not available yet (node ${node}, pid ${pid})`);
  }

  async reclaim(planId: string): Promise<ReclaimResult> {
    throw new RpcError('not_found', `no reclaim plan ${planId}`);
  }
}
