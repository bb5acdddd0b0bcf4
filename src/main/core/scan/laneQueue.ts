// The directories a scan's lanes take batch by batch after the root pass. Batches shrink as the queue empties
// (guided self-scheduling): early ones are large, so few batches pay a find's start, and the last ones are a
// directory or two, so no lane is left scanning a large batch alone while the others have ended (on a
// million-file tree a batch of 63 directories ran for a quarter of a second past the other lane's end).
// A batch is a lane's share of what is left. (Sending each lane its next batch ahead, to hide the round trip
// between batches, needs half-share batches and twice their count: it measured slower here, locally, over SSH
// and over a 50 ms link alike.)

/** Start directories per batch at most: scan-lane.sh's `xargs -n 64` minus the root item. */
export const LANE_BATCH_MAX = 63;

export class LaneQueue<T> {
  private readonly order: T[];
  private taken = 0;

  /**
   * `items` in listing order. They are handed out strided, not contiguous: sibling directories tend to be
   * alike, so neighbours go to different batches.
   */
  constructor(
    items: readonly T[],
    private readonly lanes: number,
  ) {
    const stride = Math.max(1, Math.ceil(items.length / LANE_BATCH_MAX));
    this.order = [];
    for (let s = 0; s < stride; s++) for (let i = s; i < items.length; i += stride) this.order.push(items[i]);
  }

  /** Items not handed out yet. */
  get remaining(): number {
    return this.order.length - this.taken;
  }

  /** The next batch: a lane's share of what is left, at most LANE_BATCH_MAX; null when empty. */
  next(): T[] | null {
    const left = this.remaining;
    if (left === 0) return null;
    const size = Math.min(LANE_BATCH_MAX, Math.ceil(left / this.lanes));
    const batch = this.order.slice(this.taken, this.taken + size);
    this.taken += size;
    return batch;
  }

  /** Hands out nothing more (the scan stopped at a limit). */
  clear(): void {
    this.taken = this.order.length;
  }
}
