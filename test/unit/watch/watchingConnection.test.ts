import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../../src/main/rpc/eventHub';
import { createWatching } from '../../../src/main/services/watch/watching';
import type { WatchConnection } from '../../../src/main/store/stateStore';
import type { Transport } from '../../../src/main/transport/transport';

/** A store whose watch connection counts how often it is opened and closed, and answers alert settings. */
function countingStore() {
  const counts = { opened: 0, closed: 0 };
  const store = {
    openWatchConnection(): WatchConnection {
      counts.opened++;
      return {
        samples: { enforce: () => 0 } as unknown as WatchConnection['samples'],
        alertConfig: { get: (node: string) => ({ node }), set: () => ({}) } as unknown as WatchConnection['alertConfig'],
        close: () => void counts.closed++,
      };
    },
  };
  return { store, counts };
}

const noTransport = (): Transport => {
  throw new Error('no probe runs in this test');
};

describe('the watch connection', () => {
  it('is never opened by a run that does not watch, so a scan or a plan opens one SQLite connection, not two', async () => {
    const { store, counts } = countingStore();
    const watching = createWatching({ store, events: createEventHub(), transportFor: noTransport });
    await watching.close();
    expect(counts).toEqual({ opened: 0, closed: 0 });
  });

  it('opens once at first use, serves every repository from that one connection, and closes it with the watch', async () => {
    const { store, counts } = countingStore();
    const watching = createWatching({ store, events: createEventHub(), transportFor: noTransport });
    expect(watching.settings.get('hero')).toEqual({ node: 'hero' });
    expect(watching.history.enforce()).toBe(0);
    expect(counts.opened).toBe(1);
    await watching.close();
    expect(counts).toEqual({ opened: 1, closed: 1 });
    expect(() => watching.settings.get('hero')).toThrow(/closed/);
  });
});
