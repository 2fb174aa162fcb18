import type { Channel, WireMessage } from './wire';

/** One connection to the engine: a MessagePort, a WebSocket. */
export interface Transport {
  send(message: WireMessage): void;
  close?(): void;
}

/**
 * A Channel that outlives its transports: the desktop app gets a new MessagePort after every engine restart or page
 * load, and the browser harness reopens its WebSocket. While no transport is attached, requests queue; when one
 * drops, every request sent on it and still unanswered is answered with an `Internal` error, so no promise of
 * `createClient` waits forever on a dead engine.
 */
export interface ReconnectingChannel {
  channel: Channel;
  /**
   * Starts using a transport, replacing the current one, and sends what queued meanwhile. Returns the function the
   * transport's incoming messages go to; once the transport is replaced or detached, its late messages are dropped.
   */
  attach(transport: Transport): (message: WireMessage) => void;
  detach(reason: string): void;
}

export function createReconnectingChannel(): ReconnectingChannel {
  const listeners = new Set<(message: WireMessage) => void>();
  /** Requests sent on the current transport and not yet answered. Queued ones are not in it: they still get sent. */
  const inFlight = new Set<number>();
  let queue: WireMessage[] = [];
  let current: Transport | null = null;

  const emit = (message: WireMessage) => listeners.forEach((l) => l(message));

  const sendNow = (transport: Transport, message: WireMessage) => {
    if (message.t === 'req') inFlight.add(message.id);
    transport.send(message);
  };

  const detach = (reason: string) => {
    const dropped = current;
    current = null;
    dropped?.close?.();
    const lost = [...inFlight];
    inFlight.clear();
    for (const id of lost) emit({ t: 'res', id, ok: false, error: { kind: 'Internal', message: reason } });
  };

  const channel: Channel = {
    send(message) {
      if (current) sendNow(current, message);
      else queue.push(message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return {
    channel,
    attach(transport) {
      if (current) detach('The engine connection was replaced.');
      current = transport;
      const waiting = queue;
      queue = [];
      waiting.forEach((m) => sendNow(transport, m));
      return (message) => {
        if (current !== transport) return;
        if (message.t === 'res') inFlight.delete(message.id);
        emit(message);
      };
    },
    detach,
  };
}
