import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO } from './harness';

/**
 * The Electron binary, when this machine has one. The `electron` package's main export is the binary's path and
 * throws when its postinstall download never happened (as on machines without GitHub access).
 */
export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export const ELECTRON_MISSING =
  'Electron specs skipped: the Electron binary is absent (its download from GitHub was skipped or blocked). ' +
  'Get it with `npx electron install` (or a plain `npm install` with internet access), then run `npm run build` ' +
  'and `npm run test:e2e` again.';

export const BUILT_MAIN = join(REPO, 'out/main/index.js');
