// Coalesces a stream of values per key into at most one emission per interval: the latest value wins,
// earlier ones are dropped. One pending value and one timer per key, so memory does not depend on the rate.

export class LatestWins<T> {
  private readonly lastEmit = new Map<string, number>();
  private readonly pending = new Map<string, { value: T; timer: NodeJS.Timeout }>();
  /** Values replaced before they were sent. */
  coalesced = 0;

  constructor(
    private readonly minIntervalMs: number,
    private readonly emit: (value: T) => void,
    // Monotonic: a wall clock stepped back by time sync must not let two values through closer than the interval.
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(key: string, value: T): void {
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.value = value;
      this.coalesced++;
      return;
    }
    const since = this.now() - (this.lastEmit.get(key) ?? -Infinity);
    if (since >= this.minIntervalMs) {
      this.send(key, value);
      return;
    }
    this.pending.set(key, { value, timer: this.arm(key, this.minIntervalMs - since) });
  }

  // Node's timers count from the event loop's cached time, which can lag the clock by the length of the
  // current tick: a timer may fire that much early. Re-arm for what is left rather than send early.
  private arm(key: string, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const p = this.pending.get(key);
      if (!p) return;
      const left = this.minIntervalMs - (this.now() - (this.lastEmit.get(key) ?? -Infinity));
      if (left > 0) {
        p.timer = this.arm(key, left);
        return;
      }
      this.pending.delete(key);
      this.send(key, p.value);
    }, Math.ceil(delayMs));
    timer.unref?.();
    return timer;
  }

  private send(key: string, value: T): void {
    this.lastEmit.set(key, this.now());
    this.emit(value);
  }

  /** Sends a pending value now (a watch that stops sends its last state). */
  flush(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(key);
    this.send(key, p.value);
  }

  forget(key: string): void {
    const p = this.pending.get(key);
    if (p) clearTimeout(p.timer);
    this.pending.delete(key);
    this.lastEmit.delete(key);
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }
}
