import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * Keeps the data folder readable by its owner only (POSIX): the folder and its subfolders 0700, files 0600. The
 * engine's process also gets umask 077, because LanceDB's native writer creates its files with the default mode
 * (0644 under the usual umask 022) and cannot be told otherwise; the umask covers every file written from here on,
 * and the walk fixes what an older version or another tool left. On Windows the per-user profile folder's ACL is
 * what protects the data; modes there mean nothing.
 */
export async function makeFolderPrivate(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  // Only the main thread may set the umask, and the engine owns its process (the app's engine process, the CLI).
  if (isMainThread) process.umask(0o077);
  await restrict(dir);
}

async function restrict(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    if ((info.mode & 0o777) !== 0o700) await chmod(path, 0o700);
    for (const entry of await readdir(path)) await restrict(join(path, entry));
  } else if (info.mode & 0o077) {
    await chmod(path, info.mode & 0o700);
  }
}
