import type { Channel, WireMessage } from '../../../../electron/shared/rpc';

/**
 * A Channel that survives its transport: while detached it queues requests, and when the transport drops it answers
 * every request still in flight with an error, so no promise of `createClient` waits forever on a dead engine.
 */
export interface ResilientChannel {
  channel: Channel;
  attach(send: (message: WireMessage) => void): void;
  deliver(message: WireMessage): void;
  detach(reason: string): void;
}

export function createResilientChannel(): ResilientChannel {
  const listeners = new Set<(message: WireMessage) => void>();
  const inFlight = new Set<number>();
  let queue: WireMessage[] = [];
  let send: ((message: WireMessage) => void) | null = null;

  const emit = (message: WireMessage) => listeners.forEach((l) => l(message));

  const channel: Channel = {
    send(message) {
      if (message.t === 'req') inFlight.add(message.id);
      if (send) send(message);
      else queue.push(message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    channel,
    attach(next) {
      send = next;
      const waiting = queue;
      queue = [];
      waiting.forEach((m) => next(m));
    },
    deliver(message) {
      if (message.t === 'res') inFlight.delete(message.id);
      emit(message);
    },
    detach(reason) {
      send = null;
      const sentIds = [...inFlight].filter((id) => !queue.some((m) => m.t === 'req' && m.id === id));
      for (const id of sentIds) {
        inFlight.delete(id);
        emit({ t: 'res', id, ok: false, error: { kind: 'Internal', message: reason } });
      }
    },
  };
}
