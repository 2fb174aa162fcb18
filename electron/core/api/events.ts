import { EventEmitter } from 'node:events';
import type { EngineEventName, EngineEvents } from '../../shared/contract';

/** The engine's events (the contract's EngineEvents), typed; every service emits through one bus. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
