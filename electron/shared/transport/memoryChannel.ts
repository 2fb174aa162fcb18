import type { Channel, WireMessage } from './wire';

/** Two connected in-memory channels, for tests and for running the engine in the same process. */
export function createMemoryChannelPair(): [Channel, Channel] {
  const aListeners = new Set<(m: WireMessage) => void>();
  const bListeners = new Set<(m: WireMessage) => void>();
  // structuredClone keeps the in-memory transport honest: nothing shared by reference crosses it.
  const deliver = (set: Set<(m: WireMessage) => void>, m: WireMessage) =>
    queueMicrotask(() => set.forEach((l) => l(structuredClone(m))));
  const a: Channel = {
    send: (m) => deliver(bListeners, m),
    onMessage: (l) => (aListeners.add(l), () => aListeners.delete(l)),
  };
  const b: Channel = {
    send: (m) => deliver(aListeners, m),
    onMessage: (l) => (bListeners.add(l), () => bListeners.delete(l)),
  };
  return [a, b];
}
