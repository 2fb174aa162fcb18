import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { z } from 'zod';
import { readJson, SerialFile } from '../util/atomicJson';
import type { Logger } from '../util/logger';
import { FolderWatcher } from './folderWatcher';

export interface WatchHooks {
  /** Import (or re-import) these files; unchanged files are no-ops. */
  upsert: (paths: string[]) => Promise<void>;
  /** Remove the documents of these paths from the index. */
  remove: (paths: string[]) => Promise<void>;
  log: Logger;
}

const foldersSchema = z.array(z.string());

/**
 * The folders a person imported, kept in sync: persisted in the index folder, watched while the app runs, and caught
 * up on start (changes made while the app was closed are imported; unchanged files cost a hash each).
 */
export class WatchedFolders {
  private readonly watcher: FolderWatcher;

  private constructor(
    private readonly saved: SerialFile<string[]>,
    hooks: WatchHooks,
  ) {
    this.watcher = new FolderWatcher({
      onChanges: async ({ upserts, removals }) => {
        if (removals.length) await hooks.remove(removals);
        if (upserts.length) await hooks.upsert(upserts);
      },
      onError: (e) => hooks.log.warn(`watch: ${e.message}`),
    });
  }

  static async open(indexDir: string, hooks: WatchHooks): Promise<WatchedFolders> {
    const file = join(indexDir, 'watched-folders.json');
    const folders = await readJson(file, []).then(
      (raw) => foldersSchema.parse(raw),
      (err: Error) => {
        hooks.log.warn(`${file} is damaged and was reset (${err.message}); import your folders again to watch them.`);
        return [];
      },
    );
    return new WatchedFolders(new SerialFile(file, folders), hooks);
  }

  /** Starts watching the persisted folders and returns those still present, for a catch-up import. */
  async restore(): Promise<string[]> {
    const present: string[] = [];
    for (const dir of this.saved.current) {
      if (!(await isDirectory(dir))) continue;
      present.push(dir);
      await this.watcher.watch(dir);
    }
    return present;
  }

  async add(dirs: string[]): Promise<void> {
    const fresh = dirs.filter((d) => !this.saved.current.includes(d));
    if (fresh.length === 0) return;
    for (const dir of fresh) await this.watcher.watch(dir);
    await this.saved.update((folders) => [...new Set([...folders, ...fresh])]);
  }

  /** The folders kept in sync. */
  get folders(): string[] {
    return [...this.saved.current];
  }

  /** Stops keeping `dir` in sync, now and at the next start; its documents stay in the library. */
  async remove(dir: string): Promise<void> {
    await this.watcher.unwatch(dir);
    await this.saved.update((folders) => folders.filter((f) => f !== dir));
  }

  /** Documents' files under the present watched folders that are gone (deleted while Clinote was closed). */
  async vanished(paths: string[], present: string[]): Promise<string[]> {
    const under = paths.filter((p) => present.some((dir) => p.startsWith(dir + sep)));
    const gone: string[] = [];
    for (const path of under) if (!(await exists(path))) gone.push(path);
    return gone;
  }

  async close(): Promise<void> {
    await this.watcher.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => err.code !== 'ENOENT',
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
