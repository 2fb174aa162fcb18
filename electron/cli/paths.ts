import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data folder, by platform convention. Only the CLI and main ask for it; the engine is told. */
export function defaultDataDir(): string {
  if (process.env.CLINOTE_HOME) return process.env.CLINOTE_HOME;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Clinote');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Clinote');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'clinote');
}

export function defaultModelsDir(dataDir = defaultDataDir()): string {
  return process.env.CLINOTE_MODELS ?? join(dataDir, 'models');
}
