import { realpath } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { EngineError } from '../../shared/result';

// Folders of the operating system itself: nothing a clinician imports lives there, and a request to read them (from
// a compromised page, say) is how files the user never chose would be read back through the library.
const POSIX_SYSTEM = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/run',
  '/sbin',
  '/snap',
  '/sys',
  '/usr',
  '/var/lib',
  '/var/log',
  '/var/cache',
  '/var/spool',
  '/var/db',
  '/System',
  '/Library',
  '/private/etc',
  '/private/var/db',
];
// Exactly these, not what is under them: macOS keeps every user's temporary folder under /var/folders.
const POSIX_SYSTEM_EXACT = ['/var', '/private', '/private/var'];
// Removable disks, mounted under a system folder by some Linux desktops.
const POSIX_ALLOWED = ['/run/media'];
const WINDOWS_SYSTEM = [
  'Windows',
  'Program Files',
  'Program Files (x86)',
  'ProgramData',
  '$Recycle.Bin',
  'System Volume Information',
];

const under = (path: string, folder: string, sep: string) => path === folder || path.startsWith(folder + sep);

/**
 * Why `path` may not be imported, or undefined when it may: a filesystem or drive root (everything on the disk), a
 * system folder, or a network path (`\\host\share`: reading it makes an SMB connection, and may hand the machine's
 * credentials to that host).
 */
export function refusedPathReason(path: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (/^[\\/]{2}/.test(path)) return 'a network (UNC) path; copy the files to this computer first';
  if (platform === 'win32') {
    // "D:" alone is the current folder of drive D, which is its root unless a program changed it.
    if (/^[a-z]:$/i.test(path)) return 'the root of a drive';
    const full = win32.resolve(path);
    const root = win32.parse(full).root;
    if (full === root || full === root.replace(/\\$/, '')) return 'the root of a drive';
    const rel = full.slice(root.length).toLowerCase();
    if (WINDOWS_SYSTEM.some((f) => under(rel, f.toLowerCase(), '\\'))) return 'a folder of Windows itself';
    return undefined;
  }
  const full = posix.resolve(path);
  if (full === '/') return 'the root of the filesystem';
  if (POSIX_ALLOWED.some((f) => under(full, f, '/')) && full !== '/run/media') return undefined;
  if (POSIX_SYSTEM_EXACT.includes(full) || POSIX_SYSTEM.some((f) => under(full, f, '/'))) {
    return 'a folder of the operating system';
  }
  return undefined;
}

/** Refuses the import of any path that is, or links to, a root, a system folder or a network share. */
export async function checkImportPaths(paths: string[]): Promise<void> {
  for (const path of paths) {
    // The path as given first: resolving a network path would already connect to its host.
    const reason = refusedPathReason(path) ?? refusedPathReason(await realpath(path).catch(() => path));
    if (reason) {
      throw new EngineError(
        'BadInput',
        `${path}: can't be imported: it is ${reason}. Choose the folder that holds the notes.`,
        path,
      );
    }
  }
}
