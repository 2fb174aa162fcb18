import { createReconnectingChannel } from '../shared/transport/reconnectingChannel';
import type { EngineState } from '../shared/transport/shell';
import { isWireRequest } from '../shared/transport/wire';
import type { Channel, WireMessage } from '../shared/transport/wire';

/** The renderer-side MessagePort, described here because the node tsconfig (which checks this file) has no DOM. */
export interface EnginePort {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
  onmessage: ((event: { data: WireMessage }) => void) | null;
}

export interface EngineLink {
  /**
   * What the page gets as `window.engine`: wire messages only. The page builds its client of the contract on it, so
   * engine errors cross contextBridge as plain data inside responses. contextBridge keeps only the message of an
   * Error it copies (the kind and subject would be lost); passing data instead of errors is how this app lives with
   * that, and this is the only place it has to.
   */
  exposed: Channel;
  /** Main hands over a new port after every engine (re)start and page load. */
  usePort(port: EnginePort): void;
  setState(state: EngineState): void;
  onState(listener: (state: EngineState) => void): () => void;
}

export function createEngineLink(): EngineLink {
  const link = createReconnectingChannel();
  const stateListeners = new Set<(state: EngineState) => void>();
  let state: EngineState = { state: 'connecting' };

  return {
    exposed: {
      // The page may post anything; only requests go on to the engine.
      send: (message) => {
        if (isWireRequest(message)) link.channel.send(message);
      },
      onMessage: (listener) => link.channel.onMessage(listener),
    },
    usePort(port) {
      const deliver = link.attach({ send: (m) => port.postMessage(m), close: () => port.close() });
      port.onmessage = (event) => deliver(event.data);
      port.start();
    },
    setState(next) {
      if (next.state !== 'ready') link.detach(next.message ?? 'The search engine stopped.');
      state = next;
      stateListeners.forEach((listener) => listener(next));
    },
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
