import type { Channel, WireMessage } from '../shared/rpc';

/** The renderer-side MessagePort, described here because the node tsconfig (which checks this file) has no DOM. */
export interface RendererPort {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
  onmessage: ((event: { data: WireMessage }) => void) | null;
}

/**
 * The engine's MessagePort as a Channel that outlives the port: main hands over a new port after every engine
 * restart or page load. Requests made with no port wait for the next one; requests in flight when the engine dies
 * are answered with an error so no promise hangs. (renderer/src/lib/platform/resilientChannel.ts does the same for
 * the WebSocket bridge; the layer rules keep the two from sharing a file outside electron/shared.)
 */
export function createPortChannel() {
  const listeners = new Set<(message: WireMessage) => void>();
  const inFlight = new Set<number>();
  let queue: WireMessage[] = [];
  let port: RendererPort | null = null;

  const emit = (message: WireMessage) => listeners.forEach((l) => l(message));

  const channel: Channel = {
    send(message) {
      if (message.t === 'req') inFlight.add(message.id);
      if (port) port.postMessage(message);
      else queue.push(message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  function detach(reason: string): void {
    port?.close();
    port = null;
    const queued = new Set(queue.flatMap((m) => (m.t === 'req' ? [m.id] : [])));
    for (const id of inFlight) {
      if (queued.has(id)) continue;
      inFlight.delete(id);
      emit({ t: 'res', id, ok: false, error: { kind: 'Internal', message: reason } });
    }
  }

  function attach(next: RendererPort): void {
    if (port) detach('The engine connection was replaced.');
    port = next;
    next.onmessage = (event) => {
      if (event.data.t === 'res') inFlight.delete(event.data.id);
      emit(event.data);
    };
    next.start();
    const waiting = queue;
    queue = [];
    waiting.forEach((m) => next.postMessage(m));
  }

  return { channel, attach, detach };
}
