import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { readJson, SerialFile } from '../util/atomicJson';
import type { Logger } from '../util/logger';

const pathsSchema = z.array(z.string());

const within = (path: string, root: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && resolve(root, rel) === path);
};

/**
 * Files whose documents a person removed. Keeping folders in sync (the catch-up at start, the watcher, a resumed
 * import) skips them, or a removed note would come back the next time Clinote starts. A person importing the file,
 * or a folder holding it, again lifts this.
 */
export class Tombstones {
  private constructor(private readonly saved: SerialFile<string[]>) {}

  static async open(indexDir: string, log: Logger): Promise<Tombstones> {
    const file = join(indexDir, 'removed-files.json');
    const paths = await readJson(file, []).then(
      (raw) => pathsSchema.parse(raw),
      (err: Error) => {
        log.warn(`${file} is damaged and was reset (${err.message}); removed documents of watched folders may return.`);
        return [];
      },
    );
    return new Tombstones(new SerialFile(file, paths));
  }

  has(path: string): boolean {
    return this.saved.current.includes(resolve(path));
  }

  async add(paths: string[]): Promise<void> {
    const fresh = [...new Set(paths.map((p) => resolve(p)))].filter((p) => !this.saved.current.includes(p));
    if (fresh.length) await this.saved.update((current) => [...current, ...fresh]);
  }

  /** Lifts the tombstones of these paths and of everything under them. */
  async lift(paths: string[]): Promise<void> {
    const roots = paths.map((p) => resolve(p));
    if (!this.saved.current.some((t) => roots.some((r) => within(t, r)))) return;
    await this.saved.update((current) => current.filter((t) => !roots.some((r) => within(t, r))));
  }
}
