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

/**
 * Where the storage settings of a team library live (endpoint, region, credentials: never on the command line, so
 * never in shell history): the user's config folder, or $CLINOTE_STORAGE_SETTINGS. The AWS_* variables override it.
 */
export function storageSettingsFile(): string {
  if (process.env.CLINOTE_STORAGE_SETTINGS) return process.env.CLINOTE_STORAGE_SETTINGS;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Clinote', 'storage.json');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Clinote', 'storage.json');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'clinote', 'storage.json');
}
