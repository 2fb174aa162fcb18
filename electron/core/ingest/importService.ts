import { EngineError } from '../../shared/result';
import type { EventBus } from '../api/events';
import type { ImportJournal } from '../jobs/journal';
import type { JobQueue } from '../jobs/jobQueue';
import { collectFiles } from '../jobs/walk';
import type { Library } from '../library/library';
import type { ModelService } from '../models/modelService';
import { Semaphore } from '../util/semaphore';
import type { Logger } from '../util/logger';
import { failureRow, indexFile } from './indexer';
import type { IndexerDeps } from './indexer';
import type { PdfOcr } from './ocr/pdfOcr';

export interface ImportServiceDeps {
  jobs: JobQueue;
  library: Library;
  models: ModelService;
  journal: ImportJournal;
  events: EventBus;
  log: Logger;
  ocr: PdfOcr;
  /** Told of every import's paths, so imported folders can be kept in sync. */
  onImported?: (paths: string[]) => Promise<void>;
}

/** Imports as jobs: files read, chunked, embedded and written one document at a time; journalled until finished. */
export class ImportService {
  // Many short notes are in flight at once so the embedder gets full batches; PDFs (each an open pdf.js document,
  // possibly hundreds of pages) go two at a time to keep memory bounded.
  private readonly pdfSlots = new Semaphore(2);

  constructor(private readonly deps: ImportServiceDeps) {}

  async importFiles(paths: string[], journalId?: string): Promise<{ jobId: string }> {
    if (paths.length === 0) throw new EngineError('BadInput', 'No files or folders to import.');
    const { jobs, library, models, journal, events, log } = this.deps;
    // Fails here, before a job exists, when no model is installed.
    await models.current();
    let bound: IndexerDeps | undefined;
    const jobId = jobs.enqueue({
      files: async () => {
        // The model is bound when the job starts, so a job queued behind a model switch writes to the new model.
        bound = await this.indexerDeps();
        return collectFiles(paths);
      },
      processFile: (file, ctx) =>
        /\.pdf$/i.test(file) ? this.pdfSlots.run(() => indexFile(bound!, file, ctx)) : indexFile(bound!, file, ctx),
      onFileError: async (file, error) => {
        if (error.kind !== 'Cancelled') await library.writeFailure(failureRow(file, error.message), [bound!.index]);
      },
      finish: async () => {
        await bound?.index.optimize().catch((e: Error) => log.warn(`optimize: ${e.message}`));
        await journal.remove(journalId ?? jobId);
        events.emit('documents/changed', { ids: [] });
      },
    });
    if (!journalId) await journal.add(jobId, paths);
    await this.deps.onImported?.(paths);
    return { jobId };
  }

  /** Re-queues the imports a crash or kill interrupted; unchanged files are no-ops, so the result is a clean import. */
  async resume(): Promise<string[]> {
    const ids: string[] = [];
    for (const entry of await this.deps.journal.read()) {
      this.deps.log.info(`Resuming an interrupted import of ${entry.paths.length} path(s).`);
      ids.push((await this.importFiles(entry.paths, entry.id)).jobId);
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
    const { library, ocr } = this.deps;
    return { library, index, embedder: () => runtime.embedder(), chunking: await runtime.chunking(), ocr: ocr.page };
  }
}
