import { ENGINE_METHODS } from '../../shared/contract';
import type { EngineApi } from '../../shared/contract';
import { validateArgs } from '../../shared/validation';

/**
 * The engine with every contract method checking its arguments against the contract's zod schemas first, whoever
 * calls: the app over IPC, the browser harness, the CLI, tests. The one place arguments are validated.
 */
export function withValidation<T extends EngineApi>(engine: T): T {
  return new Proxy(engine, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!(ENGINE_METHODS as readonly PropertyKey[]).includes(prop)) return value.bind(target);
      const method = prop as keyof EngineApi;
      return async (...args: unknown[]) =>
        (value as (...a: unknown[]) => Promise<unknown>).apply(target, validateArgs(method, args));
    },
  });
}
