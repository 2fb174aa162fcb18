import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../shared/result';

export const LOCK_FILE = 'clinote.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** Whether a process of this machine is running: signal 0 checks without sending anything. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One engine per index folder. Two (two CLI runs, or the CLI and the app) would each sweep the other's uncommitted
 * rows as leftovers of a crash, and write the journal over each other. The lock file names its owner; a lock whose
 * owner is no longer running on this machine is stale (the owner was killed) and is taken over.
 */
export class FolderLock {
  private constructor(
    readonly file: string,
    private readonly owner: LockOwner,
  ) {}

  static async acquire(folder: string): Promise<FolderLock> {
    const file = join(folder, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(file, 'wx', 0o600);
        await handle.writeFile(JSON.stringify(owner) + '\n');
        await handle.close();
        return new FolderLock(file, owner);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readOwner(file);
      const stale = holder !== undefined && holder.host === owner.host && !running(holder.pid);
      // A lock being written this instant reads as unparseable; a second look settles it.
      if (attempt < 2 && (stale || holder === undefined)) {
        if (stale) await unlink(file).catch(() => undefined);
        else await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      throw inUse(folder, file, holder);
    }
  }

  /** Removes the lock, if it is still this engine's. */
  async release(): Promise<void> {
    const holder = await readOwner(this.file);
    if (holder?.pid === this.owner.pid && holder.since === this.owner.since) await unlink(this.file).catch(() => {});
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') {
      return value as LockOwner;
    }
  } catch {
    // Missing, or half-written by an owner starting at this instant.
  }
  return undefined;
}

function inUse(folder: string, file: string, holder: LockOwner | undefined): EngineError {
  const who = !holder
    ? 'another Clinote'
    : holder.host === hostname()
      ? `another Clinote (process ${holder.pid}, since ${holder.since})`
      : `another Clinote on the computer "${holder.host}" (since ${holder.since})`;
  return new EngineError(
    'InUse',
    `The library at ${folder} is in use by ${who}. Close that Clinote (the app, or a clinote command still running) and try again. If none is running, delete ${file}.`,
    folder,
  );
}
