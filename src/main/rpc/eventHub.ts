// Fan-out of pushed events to every connected front door. Senders coalesce; the hub only delivers.
import type { EventName, EventOf } from '../../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
  /** Returns an unsubscribe function. */
  listen(listener: EventListener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const l of listeners) {
        try {
          l(event, payload);
        } catch {
          // One broken subscriber (a closed socket) must not stop delivery to the rest.
        }
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
