import { readFile } from 'node:fs/promises';
import { EngineError } from '../../shared/result';
import type { DocumentInfo, PageText } from '../../shared/types';
import type { EventBus } from '../api/events';
import type { ChunkIndex } from '../index/chunkIndex';
import { toInfo } from './documentInfo';
import type { Library } from './library';
import type { DocumentRow } from './schema';

/** The contract's documents/* methods over the library. Needs no model: the library opens without one. */
export class LibraryService {
  constructor(
    private readonly library: Library,
    /** Every chunk index on disk, so a removal purges the text from all models' tables. */
    private readonly indexes: () => Promise<ChunkIndex[]>,
    private readonly events: EventBus,
  ) {}

  list(): DocumentInfo[] {
    return this.library
      .list()
      .map(toInfo)
      .sort((a, b) => a.title.localeCompare(b.title));
  }

  async remove(ids: string[]): Promise<{ removed: number }> {
    const known = ids.filter((id) => this.library.get(id));
    if (known.length) await this.library.remove(known, await this.indexes());
    this.events.emit('documents/changed', { ids });
    return { removed: known.length };
  }

  /** Documents whose file was under one of these paths. */
  idsAtPaths(paths: string[]): string[] {
    const gone = new Set(paths);
    return this.library.list().flatMap((d) => (gone.has(d.path) ? [d.id] : []));
  }

  async text(id: string): Promise<PageText[]> {
    const doc = this.mustGet(id);
    return (await this.library.pageTexts(id, doc.contentHash)).map((p) => ({ page: p.page, text: p.text, ocr: p.ocr }));
  }

  async bytes(id: string): Promise<Uint8Array> {
    const doc = this.mustGet(id);
    try {
      return new Uint8Array(await readFile(doc.path));
    } catch {
      throw new EngineError(
        'FileUnreadable',
        `${doc.path} is no longer there; re-import it from where it is now.`,
        doc.path,
      );
    }
  }

  private mustGet(id: string): DocumentRow {
    const doc = this.library.get(id);
    if (!doc) throw new EngineError('BadInput', `No document "${id}".`, id);
    return doc;
  }
}
