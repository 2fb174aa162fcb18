import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

/**
 * JSON state files (index meta, journal, watched folders): written to a unique temporary file, fsynced and renamed
 * over the old one, so a crash or power loss leaves the old file or the new one, never half of either.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', { fsync: true, mode: 0o600 });
}

/** The parsed file, or `fallback` when there is none yet. A file that is there but unreadable is an error. */
export async function readJson(file: string, fallback: unknown): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw err;
  }
  return JSON.parse(raw) as unknown;
}

/** Runs read-modify-write steps on one file one at a time, so two updates never lose each other's change. */
export class SerialFile<T> {
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    public current: T,
  ) {}

  update(change: (value: T) => T): Promise<T> {
    const next = this.last.then(async () => {
      const value = change(this.current);
      await writeJsonAtomic(this.file, value);
      this.current = value;
      return value;
    });
    this.last = next.catch(() => undefined);
    return next;
  }
}
