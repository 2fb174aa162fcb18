import type { AuditLog } from '../audit/auditLog';
import type { ImportService } from '../ingest/importService';
import type { JobQueue } from '../jobs/jobQueue';
import type { Library } from '../library/library';
import type { LibraryService } from '../library/libraryService';
import type { Logger } from '../util/logger';
import { WatchedFolders } from './watchedFolders';

export interface SyncDeps {
  /** Where the list of watched folders is kept (the library's local state folder). */
  stateDir: string;
  log: Logger;
  imports: ImportService;
  jobs: JobQueue;
  library: Library;
  documents: LibraryService;
  audit: AuditLog;
}

/**
 * Keeps the folders the user imported in sync while the engine runs, after catching up with what changed while it
 * was closed: files deleted since are removed (a folder missing as a whole, an unplugged disk, keeps its own), and
 * new or changed files are imported. Every change is audited as the watched folder's.
 */
export async function syncWatchedFolders(deps: SyncDeps): Promise<WatchedFolders> {
  const { imports, documents, audit, log } = deps;
  const source = 'watched folder';
  const watched = await WatchedFolders.open(deps.stateDir, {
    log,
    upsert: async (paths) => {
      const { jobId } = await imports.importFiles(paths, { implicit: true });
      await audit.record('import', { jobId, paths, source });
      await deps.jobs.waitFor(jobId);
    },
    remove: async (paths) => {
      const { removed } = await documents.remove(documents.idsAtPaths(paths));
      await audit.record('document.remove', { paths, removed, source });
    },
  });
  const folders = await watched.restore();
  const vanished = await watched.vanished(
    deps.library.list().map((d) => d.path),
    folders,
  );
  if (vanished.length) {
    const { removed } = await documents.remove(documents.idsAtPaths(vanished));
    await audit.record('document.remove', { paths: vanished, removed, source });
  }
  if (folders.length)
    await imports
      .importFiles(folders, { implicit: true })
      .then(({ jobId }) => audit.record('import', { jobId, paths: folders, source }))
      .catch((e: Error) => log.warn(`catch-up: ${e.message}`));
  return watched;
}
