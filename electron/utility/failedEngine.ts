import { ENGINE_METHODS } from '../shared/contract';
import type { EngineApi } from '../shared/contract';
import { toErrorData } from '../shared/result';

/**
 * Stands in for an engine that failed to start (a damaged index, an unreadable data folder): every call rejects with
 * the start-up error, so the window can show the person why instead of waiting forever.
 */
export function failedEngine(cause: unknown): EngineApi {
  const error = toErrorData(cause);
  const api: Record<string, () => Promise<never>> = {};
  for (const method of ENGINE_METHODS) api[method] = () => Promise.reject(error);
  return api as unknown as EngineApi;
}
