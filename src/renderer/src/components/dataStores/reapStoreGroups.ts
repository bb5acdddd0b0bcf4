// How the reap drawer splits a plan's skips: a data store's files (store-managed, store-active) are shown
// greyed under a banner per store naming the store and its own safe action (plan.guidance), apart from the
// ordinary reasons to keep a partition (the floor, a writer, a symlink...). And when Reap may be pressed on a
// plan that takes units of a stopped store: only once its confirmation is typed back exactly.
import type { StoreGuidance } from '../../../../shared/dataStoreModels';
import type { ReapPlan, ReapSkip, ReapSkipCode } from '../../../../shared/reapModels';

const STORE_CODES: ReadonlySet<ReapSkipCode> = new Set(['store-managed', 'store-active']);

export interface StoreSkipGroup {
  /** The store's path (the skips' `store`), or null for files refused by their name alone (no store found). */
  store: string | null;
  /** The store's guidance from the plan; null when the plan has none for it (known by name only). */
  guidance: StoreGuidance | null;
  skips: ReapSkip[];
  /** Any of them is refused because a process holds the store now (store-active): stopping it may change that. */
  active: boolean;
}

export interface SplitSkips {
  /** One group per store, in the order their first skip appears in the plan; name-only refusals last. */
  stores: StoreSkipGroup[];
  /** Every other skip, in plan order. */
  others: ReapSkip[];
}

export function isStoreSkip(s: ReapSkip): boolean {
  return STORE_CODES.has(s.code);
}

export function splitStoreSkips(skipped: readonly ReapSkip[], guidance: readonly StoreGuidance[] = []): SplitSkips {
  const byPath = new Map(guidance.map((g) => [g.path, g]));
  const groups = new Map<string | null, StoreSkipGroup>();
  const others: ReapSkip[] = [];
  for (const s of skipped) {
    if (!isStoreSkip(s)) {
      others.push(s);
      continue;
    }
    // A skip pointing at a store the plan has no guidance for is shown with the name-only refusals.
    const key = s.store !== undefined && byPath.has(s.store) ? s.store : null;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { store: key, guidance: key === null ? null : (byPath.get(key) ?? null), skips: [], active: false }));
    g.skips.push(s);
    if (s.code === 'store-active') g.active = true;
  }
  const stores = [...groups.values()].sort((a, b) => Number(a.store === null) - Number(b.store === null));
  return { stores, others };
}

/** Guidance for stores whose units the plan takes (a stopped Prometheus, a WAL) but which no skip points at. */
export function unitStoreGuidance(plan: ReapPlan): StoreGuidance[] {
  const skipped = new Set(plan.skipped.map((s) => s.store));
  const taken = new Set(plan.entries.map((e) => e.store).filter((s): s is string => s !== undefined && !skipped.has(s)));
  return (plan.guidance ?? []).filter((g) => taken.has(g.path));
}

/**
 * Whether Reap may be pressed for `plan` with `typed` in its confirmation box: a plan without `confirm` needs
 * nothing; one with it needs exactly its text (the backend refuses anything else, spaces included).
 */
export function reapConfirmReady(plan: Pick<ReapPlan, 'confirm'>, typed: string): boolean {
  return plan.confirm === undefined || typed === plan.confirm.text;
}
