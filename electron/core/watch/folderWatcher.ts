import { readdir } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import { isSupported } from '../ingest/registry';

/**
 * Watches the folders a person imported and reports, in debounced batches, which supported files to (re)import and
 * which to remove from the index. A rename or move arrives as a removal of the old path and an upsert of the new
 * one; the importer's content hashing makes the upsert cheap and the removal drops the old path's rows.
 *
 * Files present when a folder starts being watched are not reported: the engine imports the folder itself (an
 * unchanged file is a no-op) and should remove documents whose files are gone, to catch up on changes made while
 * the app was closed.
 */

export interface FolderChanges {
  /** Files added or changed: import them (an unchanged file is skipped by its hash). */
  upserts: string[];
  /** Files deleted or moved away: remove their documents. */
  removals: string[];
}

export interface FolderWatcherOptions {
  onChanges: (changes: FolderChanges) => Promise<void>;
  /** Quiet time before a batch is reported, so a folder being copied arrives as a few batches, not thousands. */
  debounceMs?: number;
  /** A batch is reported at the latest this long after its first change, even while changes keep coming. */
  maxWaitMs?: number;
  /** A file is reported once its size has been stable this long, so half-written files are not imported. */
  stabilityMs?: number;
  /** Poll instead of using native events (network drives, some mounted volumes). */
  usePolling?: boolean;
  /** Watcher errors (a folder became unreadable, too many watches); onChanges failures arrive here too. */
  onError?: (error: Error) => void;
}

type Change = 'upsert' | 'remove';

export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private pending = new Map<string, Change>();
  /** Files an add or change event reported (until their removal): what a new folder's rescan need not report. */
  private readonly seen = new Set<string>();
  private readonly rescans = new Set<NodeJS.Timeout>();
  private timer?: NodeJS.Timeout;
  private firstPendingAt = 0;
  private flushing?: Promise<void>;
  private closed = false;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly stabilityMs: number;

  constructor(private readonly opts: FolderWatcherOptions) {
    this.debounceMs = opts.debounceMs ?? 1500;
    this.maxWaitMs = opts.maxWaitMs ?? 15_000;
    this.stabilityMs = opts.stabilityMs ?? 1000;
  }

  /** The folders being watched, as absolute paths. */
  get folders(): string[] {
    return [...this.watchers.keys()];
  }

  /** Starts watching a folder (recursively); resolves once its current contents have been scanned. */
  async watch(dir: string): Promise<void> {
    if (this.closed) throw new Error('FolderWatcher is closed.');
    const root = resolve(dir);
    if (this.watchers.has(root)) return;
    // One chokidar instance a folder: each has its own "ready", and unwatching one never disturbs another.
    // Overlapping folders report a file twice; the pending map folds that into one change.
    const watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      usePolling: this.opts.usePolling ?? false,
      awaitWriteFinish: { stabilityThreshold: this.stabilityMs, pollInterval: Math.min(100, this.stabilityMs) },
      ignored: (path, stats) => this.ignored(root, path, stats?.isFile() ?? false),
    });
    this.watchers.set(root, watcher);
    watcher.on('add', (p) => this.record(p, 'upsert'));
    watcher.on('change', (p) => this.record(p, 'upsert'));
    watcher.on('unlink', (p) => this.record(p, 'remove'));
    // A file written into a folder just created can land before the folder's own watch starts, and no event ever
    // names it (seen under load: the second of two files written at once into a new folder). The new folder is read
    // again once its files have had time to settle.
    watcher.on('addDir', (d) => this.rescanLater(root, d));
    // The same files may then be missing from chokidar's own list: a removed folder removes every file seen in it.
    watcher.on('unlinkDir', (d) => {
      for (const path of [...this.seen]) if (isUnder(path, d)) this.record(path, 'remove');
    });
    watcher.on('error', (err) => this.opts.onError?.(err instanceof Error ? err : new Error(String(err))));
    await new Promise<void>((done) => watcher.once('ready', () => done()));
  }

  /** Stops watching a folder; its changes not yet reported are dropped unless another watched folder holds them. */
  async unwatch(dir: string): Promise<void> {
    const root = resolve(dir);
    const watcher = this.watchers.get(root);
    if (!watcher) return;
    this.watchers.delete(root);
    await watcher.close();
    for (const path of [...this.pending.keys()]) {
      if (isUnder(path, root) && !this.folders.some((r) => isUnder(path, r))) this.pending.delete(path);
    }
  }

  /** Stops everything. Waits for a batch being reported to finish; changes not yet reported are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const t of this.rescans) clearTimeout(t);
    this.rescans.clear();
    const all = [...this.watchers.values()];
    this.watchers.clear();
    this.pending.clear();
    await Promise.all(all.map((w) => w.close()));
    await this.flushing;
  }

  private ignored(root: string, path: string, isFile: boolean): boolean {
    if (path === root) return false;
    const name = basename(path);
    // Hidden entries (as the folder import skips them) and Office's "~$name.docx" lock files.
    if (name.startsWith('.') || name.startsWith('~$')) return true;
    return isFile && !isSupported(path);
  }

  private rescanLater(root: string, dir: string): void {
    const timer = setTimeout(() => {
      this.rescans.delete(timer);
      void this.rescan(root, dir);
    }, this.stabilityMs * 2);
    this.rescans.add(timer);
  }

  private async rescan(root: string, dir: string): Promise<void> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const hidden = relative(root, path)
        .split(sep)
        .some((part) => part.startsWith('.') || part.startsWith('~$'));
      if (!hidden && !this.seen.has(path) && this.watchers.get(root)) this.record(path, 'upsert');
    }
  }

  private record(path: string, change: Change): void {
    if (this.closed || !isSupported(path)) return;
    if (change === 'upsert') this.seen.add(path);
    else this.seen.delete(path);
    // The latest event wins: created then deleted is a removal (a no-op if never imported); deleted then
    // re-created (some editors save that way) is an upsert.
    this.pending.delete(path);
    this.pending.set(path, change);
    if (this.pending.size === 1) this.firstPendingAt = Date.now();
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.flushing || this.pending.size === 0 || this.closed) return;
    const waited = Date.now() - this.firstPendingAt;
    const delay = Math.max(0, Math.min(this.debounceMs, this.maxWaitMs - waited));
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.pending.size === 0 || this.closed) return;
    const batch = this.pending;
    this.pending = new Map();
    const changes: FolderChanges = { upserts: [], removals: [] };
    for (const [path, change] of batch) (change === 'upsert' ? changes.upserts : changes.removals).push(path);
    // One batch at a time: changes that arrive meanwhile wait for the next, so the engine never sees two at once.
    this.flushing = Promise.resolve()
      .then(() => this.opts.onChanges(changes))
      .catch((err: unknown) => {
        this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
      });
    await this.flushing;
    this.flushing = undefined;
    this.schedule();
  }
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
