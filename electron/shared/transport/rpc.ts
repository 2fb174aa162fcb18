import { ENGINE_METHODS, METHOD_WIRE_NAMES } from '../contract';
import type { EngineApi, EngineEventName, EngineEvents, EngineMethod } from '../contract';
import { EngineError, fromErrorData, toErrorData } from '../result';
import { isWireRequest } from './wire';
import type { Channel, WireRequest } from './wire';

export type EventListener<E extends EngineEventName> = (payload: EngineEvents[E]) => void;

export interface EngineClient extends EngineApi {
  on<E extends EngineEventName>(event: E, listener: EventListener<E>): () => void;
  close(): void;
}

const METHOD_BY_WIRE = new Map<string, EngineMethod>(ENGINE_METHODS.map((m) => [METHOD_WIRE_NAMES[m], m]));

/**
 * Builds a typed client of the contract over any channel. This is the one place an engine error becomes an
 * `EngineError` again on its way to the UI: everything between the engine and here carries it as plain data.
 */
export function createClient(channel: Channel): EngineClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const unsubscribe = channel.onMessage((msg) => {
    if (msg.t === 'evt') {
      for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
      return;
    }
    if (msg.t !== 'res') return;
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.ok) waiter.resolve(msg.value);
    else waiter.reject(fromErrorData(msg.error));
  });

  const call = (method: EngineMethod, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      channel.send({ t: 'req', id, method: METHOD_WIRE_NAMES[method], args });
    });

  const client: Record<string, unknown> = {};
  for (const method of ENGINE_METHODS) client[method] = (...args: unknown[]) => call(method, args);
  client.on = (event: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  client.close = () => {
    unsubscribe();
    for (const waiter of pending.values()) waiter.reject(new EngineError('Internal', 'The engine connection closed.'));
    pending.clear();
  };
  return client as unknown as EngineClient;
}

export interface EventSource {
  on<E extends EngineEventName>(event: E, listener: EventListener<E>): () => void;
}

/**
 * Serves an implementation of the contract on a channel: checks the wire name against the contract's table and
 * returns errors as data. Arguments are validated by the engine itself (core/api/validate.ts), once, whoever calls.
 * Forwards the engine's events when a source is given.
 */
export function serve(api: EngineApi, channel: Channel, events?: EventSource): () => void {
  const unsubscribers: Array<() => void> = [];
  unsubscribers.push(
    channel.onMessage((msg) => {
      if (isWireRequest(msg)) void handle(api, channel, msg);
    }),
  );
  if (events) {
    const names: EngineEventName[] = ['jobs/progress', 'jobs/done', 'documents/changed'];
    for (const name of names) {
      unsubscribers.push(events.on(name, (payload) => channel.send({ t: 'evt', name, payload })));
    }
  }
  return () => unsubscribers.forEach((u) => u());
}

async function handle(api: EngineApi, channel: Channel, msg: WireRequest) {
  try {
    const method = METHOD_BY_WIRE.get(msg.method);
    if (!method) throw new EngineError('BadInput', `Unknown method "${msg.method}".`, msg.method);
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn.apply(api, Array.isArray(msg.args) ? msg.args : []);
    channel.send({ t: 'res', id: msg.id, ok: true, value });
  } catch (err) {
    channel.send({ t: 'res', id: msg.id, ok: false, error: toErrorData(err) });
  }
}
