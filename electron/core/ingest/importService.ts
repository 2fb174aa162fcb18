import { resolve } from 'node:path';
import { EngineError } from '../../shared/result';
import type { EventBus } from '../api/events';
import type { ImportJournal } from '../jobs/journal';
import type { JobQueue } from '../jobs/jobQueue';
import { collectFiles } from '../jobs/walk';
import type { Library } from '../library/library';
import type { ModelService } from '../models/modelService';
import { Semaphore } from '../util/semaphore';
import type { EngineLog } from '../util/engineLog';
import type { Logger } from '../util/logger';
import { failureRow, indexFile } from './indexer';
import type { IndexerDeps } from './indexer';
import type { ExtractPool } from './extractPool';
import type { ImportGuard } from './importGuard';
import type { PdfOcr } from './ocr/pdfOcr';
import { checkImportPaths } from './pathTrust';
import type { Tombstones } from '../watch/tombstones';

export interface ImportServiceDeps {
  jobs: JobQueue;
  library: Library;
  models: ModelService;
  journal: ImportJournal;
  events: EventBus;
  log: Logger;
  ocr: PdfOcr;
  /** Worker threads that read and chunk files. */
  extractor: ExtractPool;
  /** Files in progress recorded, files that crashed the engine set aside. */
  guard: ImportGuard;
  /** The data folder's log file: paths and error kinds, never note text. */
  fileLog: EngineLog;
  /** Files whose documents a person removed: imports nobody asked for skip them. */
  tombstones: Tombstones;
  /** Told of every import's paths, so imported folders can be kept in sync. */
  onImported?: (paths: string[]) => Promise<void>;
}

export interface ImportOptions {
  /** The journal entry being resumed. */
  journalId?: string;
  /**
   * Not asked for by a person (a resumed import, a folder kept in sync): files set aside after a crash stay set aside.
   * A person's own import of a file takes it out of quarantine.
   */
  implicit?: boolean;
}

/** Imports as jobs: files read, chunked, embedded and written one document at a time; journalled until finished. */
export class ImportService {
  // Many short notes are in flight at once so the embedder gets full batches; PDFs (each an open pdf.js document,
  // possibly hundreds of pages) go two at a time to keep memory bounded.
  private readonly pdfSlots = new Semaphore(2);

  constructor(private readonly deps: ImportServiceDeps) {}

  async importFiles(paths: string[], opts: ImportOptions = {}): Promise<{ jobId: string }> {
    if (paths.length === 0) throw new EngineError('BadInput', 'No files or folders to import.');
    const { jobs, library, models, journal, events, log, guard, fileLog, tombstones } = this.deps;
    await checkImportPaths(paths);
    // Fails here, before a job exists, when no model is installed.
    await models.current();
    if (!opts.implicit) {
      await guard.release(paths.map((p) => resolve(p)));
      await tombstones.lift(paths);
    }
    let bound: IndexerDeps | undefined;
    // No file is read before the job is in the journal: a kill in between would leave an import nobody resumes.
    let journalled!: () => void;
    const inJournal = new Promise<void>((r) => (journalled = r));
    const jobId = jobs.enqueue({
      files: async () => {
        // The model is bound when the job starts, so a job queued behind a model switch writes to the new model.
        bound = await this.indexerDeps();
        const found = await collectFiles(paths);
        return opts.implicit ? { ...found, files: found.files.filter((f) => !tombstones.has(f)) } : found;
      },
      processFile: async (file, ctx) => {
        await inJournal;
        if (guard.isQuarantined(file)) throw new EngineError('FileUnreadable', this.setAsideMessage(file), file);
        const index = () => indexFile(bound!, file, ctx);
        return guard.run(file, () => (/\.pdf$/i.test(file) ? this.pdfSlots.run(index) : index()));
      },
      onFileError: async (file, error) => {
        if (error.kind === 'Cancelled') return;
        fileLog.write('warn', 'file-failed', { path: file, kind: error.kind });
        await library.writeFailure(failureRow(file, error.message), [bound!.index]);
      },
      finish: async (summary) => {
        await bound?.index.optimize().catch((e: Error) => log.warn(`optimize: ${e.message}`));
        await journal.remove(opts.journalId ?? jobId);
        const { added, updated, unchanged, cancelled } = summary;
        fileLog.write('info', 'import-done', {
          added,
          updated,
          unchanged,
          failed: summary.failed.length,
          cancelled: String(cancelled),
        });
        events.emit('documents/changed', { ids: [] });
      },
    });
    try {
      if (!opts.journalId) await journal.add(jobId, paths);
    } finally {
      journalled();
    }
    await this.deps.onImported?.(paths);
    return { jobId };
  }

  /** Failure rows for the files set aside at this start, so the library lists them with the reason. */
  async recordSetAside(): Promise<void> {
    const { guard, library, models } = this.deps;
    if (guard.newlyQuarantined.length === 0) return;
    const indexes = await models.allIndexes();
    for (const path of guard.newlyQuarantined)
      await library.writeFailure(failureRow(path, this.setAsideMessage(path)), indexes);
  }

  private setAsideMessage(path: string): string {
    return `${path}: Clinote stopped unexpectedly twice while importing this file, so it was set aside and is not imported again automatically (details in ${this.deps.fileLog.file}). Import this file by itself to try again.`;
  }

  /** Re-queues the imports a crash or kill interrupted; unchanged files are no-ops, so the result is a clean import. */
  async resume(): Promise<string[]> {
    const ids: string[] = [];
    for (const entry of await this.deps.journal.read()) {
      this.deps.log.info(`Resuming an interrupted import of ${entry.paths.length} path(s).`);
      try {
        ids.push((await this.importFiles(entry.paths, { journalId: entry.id, implicit: true })).jobId);
      } catch (err) {
        if (!(err instanceof EngineError) || err.kind !== 'BadInput') throw err;
        // A path refused since it was journalled (a root, a system folder): it can never finish, and must not keep
        // the engine from starting.
        this.deps.log.warn(`An interrupted import was dropped: ${err.message}`);
        await this.deps.journal.remove(entry.id);
      }
    }
    return ids;
  }

  async reindex(ids: string[]): Promise<{ jobId: string }> {
    const paths = [...new Set(ids.flatMap((id) => this.deps.library.get(id)?.path ?? []))];
    if (paths.length === 0) throw new EngineError('BadInput', 'None of those documents are in the library.');
    return this.importFiles(paths);
  }

  private async indexerDeps(): Promise<IndexerDeps> {
    const { runtime, index } = await this.deps.models.current();
    const { library, ocr, extractor } = this.deps;
    const { maxTokens, overlapTokens, minSectionTokens } = await runtime.chunking();
    const chunking = { maxTokens, overlapTokens, minSectionTokens, tokenizerDir: runtime.dir };
    return {
      library,
      index,
      embedder: () => runtime.embedder(),
      extract: (file) => extractor.extract({ ...file, chunking, ocr: ocr.image, ocrAtOnce: ocr.workers }),
    };
  }
}
