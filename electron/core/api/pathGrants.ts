import { isAbsolute, relative, resolve } from 'node:path';
import type { EngineApi } from '../../shared/contract';
import { EngineError } from '../../shared/result';

/**
 * The files and folders a person chose in the app (its file dialogs, or dropped on its window), as the desktop shell
 * reports them. The page can ask the engine to import those and what is inside them, nothing else: a page taken over
 * by a malicious document could otherwise read any file the user can.
 */
export class PathGrants {
  private readonly granted = new Set<string>();

  add(paths: string[]): void {
    for (const path of paths) this.granted.add(resolve(path));
  }

  allows(path: string): boolean {
    const full = resolve(path);
    for (const root of this.granted) {
      const rel = relative(root, full);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return true;
    }
    return false;
  }

  check(paths: string[]): void {
    const refused = paths.find((p) => !this.allows(p));
    if (refused === undefined) return;
    throw new EngineError(
      'BadInput',
      `${refused}: not chosen in Clinote. Add files with the Add buttons or by dropping them on the window.`,
      refused,
    );
  }
}

/** `api` as a page may use it: imports only of granted paths; every other method as it is. */
export function grantedImportsOnly(api: EngineApi, grants: PathGrants): EngineApi {
  return new Proxy(api, {
    get(target, prop) {
      if (prop === 'importFiles') {
        return async (paths: string[]) => {
          if (Array.isArray(paths)) grants.check(paths.filter((p) => typeof p === 'string'));
          return target.importFiles(paths);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
