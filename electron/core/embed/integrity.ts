import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../../shared/result';
import type { ModelManifest } from './manifest';

/**
 * A model's files are checked against the sha256 sums in its manifest before the model runs, so a file that changed
 * after import (overwritten, truncated, swapped for another export) is refused instead of silently producing other
 * vectors than the ones already stored.
 *
 * Hashing costs ~2.3 ms per MB here (0.3 s for bge-small's 133 MB graph, ~1 s for a base model), so every load does
 * not rehash: after a full check a stamp beside the manifest records each file's size, mtime, ctime and inode, as git's
 * index does. A later load whose files still carry those stats trusts the stamp; any write, copy or replacement
 * changes them and brings a full hash. The stamp guards against accidents, not against someone forging stats.
 */
export const STAMP_FILE = '.verified.json';

interface FileStamp {
  sha256: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

type Stamp = Record<string, FileStamp>;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function statsOf(file: string): Promise<Omit<FileStamp, 'sha256'> | undefined> {
  const s = await stat(file).catch(() => undefined);
  return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino } : undefined;
}

async function readStamp(dir: string): Promise<Stamp> {
  try {
    return JSON.parse(await readFile(join(dir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return {};
  }
}

function sameStats(a: FileStamp | undefined, b: Omit<FileStamp, 'sha256'>): boolean {
  return !!a && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** Records the current stats of files whose sums were just computed (by import, or by a full check). */
export async function writeStamp(dir: string, sums: Record<string, string>): Promise<void> {
  const stamp: Stamp = {};
  for (const [name, sha256] of Object.entries(sums)) {
    const s = await statsOf(join(dir, name));
    if (s) stamp[name] = { sha256, ...s };
  }
  // Best effort: a read-only models folder only costs a full hash on every load.
  await writeFile(join(dir, STAMP_FILE), JSON.stringify(stamp)).catch(() => undefined);
}

export interface VerifyResult {
  /** Files whose sums were computed in this call (the rest were trusted from the stamp). */
  hashed: string[];
}

/** Refuses a model whose files are missing or differ from the manifest's sums; see the note at the top. */
export async function verifyModelFiles(dir: string, manifest: ModelManifest, full = false): Promise<VerifyResult> {
  const stamp = full ? {} : await readStamp(dir);
  const hashed: string[] = [];
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = join(dir, name);
    const stats = await statsOf(file);
    if (!stats) {
      throw new EngineError(
        'ModelMissing',
        `${file} is missing: model "${manifest.id}" is incomplete. Import it again.`,
        file,
      );
    }
    const known = stamp[name];
    if (sameStats(known, stats) && known?.sha256 === expected) continue;
    const actual = await sha256File(file);
    hashed.push(name);
    if (actual !== expected) {
      throw new EngineError(
        'ModelMissing',
        `${file} changed since model "${manifest.id}" was imported (sha256 ${actual.slice(0, 12)}…, manifest says ${expected.slice(0, 12)}…); it is not used. Import the model again.`,
        file,
      );
    }
  }
  if (hashed.length > 0) await writeStamp(dir, manifest.files);
  return { hashed };
}
