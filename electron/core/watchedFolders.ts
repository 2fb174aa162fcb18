import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderWatcher } from './watch/folderWatcher';
import type { Logger } from './logger';

export interface WatchHooks {
  /** Import (or re-import) these files; unchanged files are no-ops. */
  upsert: (paths: string[]) => Promise<void>;
  /** Remove the documents of these paths from the index. */
  remove: (paths: string[]) => Promise<void>;
  log: Logger;
}

/**
 * The folders a person imported, kept in sync: persisted in the index folder, watched while the app runs, and caught
 * up on start (changes made while the app was closed are imported; unchanged files cost a hash each).
 */
export class WatchedFolders {
  private readonly watcher: FolderWatcher;
  private folders = new Set<string>();

  constructor(
    private readonly indexDir: string,
    private readonly hooks: WatchHooks,
  ) {
    this.watcher = new FolderWatcher({
      onChanges: async ({ upserts, removals }) => {
        if (removals.length) await hooks.remove(removals);
        if (upserts.length) await hooks.upsert(upserts);
      },
      onError: (e) => hooks.log.warn(`watch: ${e.message}`),
    });
  }

  private get file() {
    return join(this.indexDir, 'watched-folders.json');
  }

  /** Starts watching the persisted folders and returns those still present, for a catch-up import. */
  async restore(): Promise<string[]> {
    const saved = await readFile(this.file, 'utf8').then(
      (s) => JSON.parse(s) as string[],
      () => [] as string[],
    );
    const present: string[] = [];
    for (const dir of saved) {
      if (
        !(await stat(dir).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      )
        continue;
      present.push(dir);
      this.folders.add(dir);
      await this.watcher.watch(dir);
    }
    return present;
  }

  async add(dirs: string[]): Promise<void> {
    const fresh = dirs.filter((d) => !this.folders.has(d));
    if (fresh.length === 0) return;
    for (const dir of fresh) {
      this.folders.add(dir);
      await this.watcher.watch(dir);
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify([...this.folders]));
    await rename(tmp, this.file);
  }

  async close(): Promise<void> {
    await this.watcher.close();
  }
}
