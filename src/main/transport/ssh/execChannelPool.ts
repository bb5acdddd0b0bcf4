// A bounded number of exec channels per connection: OpenSSH refuses sessions past MaxSessions (10 by
// default), so we stay well under it and queue the rest first-come first-served, up to a cap.

export class PoolFullError extends Error {}

export class ExecChannelPool {
  private active = 0;
  private readonly waiters: { grant: () => void; fail: (e: Error) => void }[] = [];

  constructor(
    readonly maxChannels = 4,
    /** Commands waiting for a channel past this are refused: a caller flooding one node must not grow memory. */
    readonly maxWaiters = 256,
  ) {}

  get inUse(): number {
    return this.active;
  }

  /** Resolves with a release function once a channel slot is free; rejects when the queue is full or `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.maxChannels) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.maxWaiters) {
      return Promise.reject(new PoolFullError(`${this.maxWaiters} commands are already waiting for this node: try again when they finish`));
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
        fail: reject,
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
        reject(new Error('cancelled while waiting for a channel'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Fails every waiter (the connection is gone). */
  failAll(err: Error): void {
    for (const w of this.waiters.splice(0)) w.fail(err);
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter: active stays the same.
      if (next) next.grant();
      else this.active--;
    };
  }
}
