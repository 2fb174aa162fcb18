import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isSupported } from '../ingest/registry';

export interface WalkResult {
  files: string[];
  /** Paths given that don't exist. */
  missing: string[];
}

/**
 * Files to import from the paths a person gave: files as given (an unsupported one is reported by the importer),
 * folders recursively with only supported files, hidden entries and symlinked folders skipped.
 */
export async function collectFiles(paths: string[]): Promise<WalkResult> {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const raw of paths) {
    const path = resolve(raw);
    const info = await stat(path).catch(() => undefined);
    if (!info) missing.push(path);
    else if (info.isDirectory()) for (const f of await walkDir(path)) add(f);
    else add(path);
  }
  return { files, missing };
}

async function walkDir(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkDir(full)));
    else if (e.isFile() && isSupported(full)) out.push(full);
  }
  return out;
}

/** The folders among the given paths (imported folders are the ones kept in sync). */
export async function foldersOf(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) if ((await stat(resolve(p)).catch(() => undefined))?.isDirectory()) out.push(resolve(p));
  return out;
}
