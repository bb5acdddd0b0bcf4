// Plans kept in memory so a destructive call carries only a plan id: the last few, for a while, used once.
import { RpcError } from '../../../shared/rpcResult';

interface Stored<T> {
  plan: T;
  expiresAt: number;
  executed: boolean;
}

export class SingleUsePlans<T> {
  private readonly plans = new Map<string, Stored<T>>();

  constructor(
    /** e.g. "reap plan", in error messages. */
    private readonly what: string,
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  add(planId: string, plan: T, createdAt: number): void {
    this.plans.set(planId, { plan, expiresAt: createdAt + this.ttlMs, executed: false });
    // Oldest first in insertion order: keep only the newest few.
    for (const id of this.plans.keys()) {
      if (this.plans.size <= this.max) break;
      this.plans.delete(id);
    }
  }

  /** The refusal for a plan id not (or no longer) kept here. */
  notFound(planId: string): RpcError {
    return new RpcError('not_found', `no ${this.what} ${planId} (plans are kept for ${Math.round(this.ttlMs / 60_000)} minutes, the last ${this.max}): plan again`);
  }

  /** The plan, marked used before the caller's first await: two calls with one id never both act. */
  take(planId: string): T {
    const stored = this.plans.get(planId);
    if (!stored) throw this.notFound(planId);
    if (stored.executed) throw new RpcError('bad_request', `${this.what} ${planId} was already executed: plan again`);
    if (this.now() > stored.expiresAt) {
      this.plans.delete(planId);
      throw new RpcError('bad_request', `${this.what} ${planId} expired: plan again`);
    }
    stored.executed = true;
    return stored.plan;
  }
}
