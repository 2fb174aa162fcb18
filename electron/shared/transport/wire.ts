import type { EngineErrorData } from '../result';

/** What travels between a client of the contract and the engine, on every transport. Plain data only. */
export type WireMessage =
  | { t: 'req'; id: number; method: string; args: unknown[] }
  | { t: 'res'; id: number; ok: true; value: unknown }
  | { t: 'res'; id: number; ok: false; error: EngineErrorData }
  | { t: 'evt'; name: string; payload: unknown };

export type WireRequest = Extract<WireMessage, { t: 'req' }>;

/** The smallest thing a transport must offer: a MessagePort, a WebSocket or an in-memory pair all fit. */
export interface Channel {
  send(message: WireMessage): void;
  /** Returns an unsubscribe function. */
  onMessage(listener: (message: WireMessage) => void): () => void;
}

/**
 * Servers receive whatever a page posts; anything but a well-formed request is dropped before it can throw inside
 * the engine's process.
 */
export function isWireRequest(value: unknown): value is WireRequest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return m.t === 'req' && Number.isSafeInteger(m.id) && typeof m.method === 'string' && Array.isArray(m.args);
}
