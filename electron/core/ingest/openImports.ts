import type { EventBus } from '../api/events';
import { ImportJournal } from '../jobs/journal';
import type { JobQueue } from '../jobs/jobQueue';
import type { Library } from '../library/library';
import type { ModelService } from '../models/modelService';
import type { EngineLog } from '../util/engineLog';
import type { Logger } from '../util/logger';
import { Tombstones } from '../watch/tombstones';
import { ExtractPool } from './extractPool';
import { ImportGuard } from './importGuard';
import { ImportService } from './importService';
import { PdfOcr } from './ocr/pdfOcr';

export interface ImportParts {
  imports: ImportService;
  tombstones: Tombstones;
  /** Stops the readers' worker threads and OCR, and closes the crash guard. */
  close(): Promise<void>;
  /** The process is being stopped on purpose: the files in progress are not suspects of a crash. */
  interrupted(): void;
}

export interface ImportDeps {
  /** The library's local state folder: import journal, crash guard, removed files. */
  stateDir: string;
  jobs: JobQueue;
  library: Library;
  models: ModelService;
  events: EventBus;
  log: Logger;
  fileLog: EngineLog;
  /** Time one file may take to read and chunk, in ms (default: the pool's, by size). */
  readBudgetMs?: number;
  /** Threads that parse one PDF's pages (default: the cores, up to 4). */
  pdfReaders?: number;
  /** Pages read by OCR at once, each by its own Tesseract worker (default 1). */
  ocrWorkers?: number;
  onImported: (paths: string[]) => Promise<void>;
}

/** The import service with what it reads through: reader workers with a time budget, OCR, the crash guard. */
export async function openImports(deps: ImportDeps): Promise<ImportParts> {
  const { fileLog, log, stateDir } = deps;
  const budget = deps.readBudgetMs;
  const ocr = new PdfOcr(deps.ocrWorkers);
  const extractor = new ExtractPool({
    budgetMs: budget === undefined ? undefined : () => budget,
    pdfReaders: deps.pdfReaders,
    onFailure: (path, kind) =>
      fileLog.write('error', kind === 'timeout' ? 'file-over-time' : 'reader-failed', { path }),
  });
  const guard = await ImportGuard.open(stateDir, fileLog);
  const tombstones = await Tombstones.open(stateDir, log);
  const imports = new ImportService({
    jobs: deps.jobs,
    library: deps.library,
    models: deps.models,
    events: deps.events,
    log,
    ocr,
    extractor,
    guard,
    fileLog,
    tombstones,
    journal: await ImportJournal.open(stateDir, log),
    onImported: deps.onImported,
  });
  return {
    imports,
    tombstones,
    close: async () => {
      await extractor.close();
      await ocr.close();
      guard.close();
    },
    interrupted: () => guard.interrupted(),
  };
}
