import { EngineError } from '../../shared/result';
import { Database } from '../db/database';
import { ObjectStore } from '../db/objectStore';
import { requireCurrentSchema } from '../db/indexMeta';
import { RemoteIndexMeta } from '../db/remoteMeta';
import type { StorageSettings } from '../db/storage';
import { parseObjectUri, requireCredentials } from '../db/storage';
import { LanceChunkIndex } from '../index/lanceChunkIndex';
import { Library } from '../library/library';
import type { DocumentRow, PageRow } from '../library/schema';

/**
 * How stale a team library's view may get: a search after this long first moves to the latest published version.
 * The publisher keeps old versions far longer (SHARED_KEEP_VERSIONS_MS), so a pinned view never loses its files.
 */
export const TEAM_REFRESH_MS = 5_000;

/**
 * A library another workstation publishes to a bucket, opened read-only. Its tables stay on the versions last read
 * until `refresh`, which moves them together so that a document and its chunks always come from one publish (see
 * `refresh`). Nothing here ever writes.
 */
export class TeamLibrary {
  private index?: Promise<LanceChunkIndex>;
  private indexModel?: string;
  private refreshing?: Promise<void>;
  private refreshedAt = Date.now();

  private constructor(
    readonly uri: string,
    private readonly store: ObjectStore,
    private readonly meta: RemoteIndexMeta,
    private readonly db: Database,
    private readonly library: Library,
  ) {}

  static async open(uri: string, storage: StorageSettings): Promise<TeamLibrary> {
    const location = parseObjectUri(uri);
    requireCredentials(storage, location.uri);
    const store = await ObjectStore.open(location, storage);
    let db: Database | undefined;
    try {
      const meta = await RemoteIndexMeta.open(store, () => {
        throw new EngineError('BadInput', `${location.uri} is attached read-only.`, location.uri);
      });
      if (!meta.current.activeModel) {
        throw new EngineError(
          'BadInput',
          `Nothing has been published to ${location.uri} yet (publish with: clinote --db ${location.uri} index <folder>).`,
          location.uri,
        );
      }
      requireCurrentSchema(meta.current, location.uri);
      db = await Database.open(location.uri, { storage, readOnly: true });
      return new TeamLibrary(location.uri, store, meta, db, await Library.open(db));
    } catch (err) {
      await db?.close();
      store.close();
      throw err;
    }
  }

  get modelId(): string | null {
    return this.meta.current.activeModel;
  }

  get documents(): number {
    return this.library.list().filter((d) => d.status === 'ready').length;
  }

  get checkedAt(): number {
    return this.refreshedAt;
  }

  get(id: string): DocumentRow | undefined {
    return this.library.get(id);
  }

  pageTexts(docId: string, version: string): Promise<PageRow[]> {
    return this.library.pageTexts(docId, version);
  }

  /** The chunk index of the library's model (the caller checked it is the model it searches with). */
  chunkIndex(modelId: string, dims: number): Promise<LanceChunkIndex> {
    if (!this.index || this.indexModel !== modelId) {
      this.indexModel = modelId;
      this.index = LanceChunkIndex.open(this.db, modelId, dims);
      this.index.catch(() => (this.index = undefined));
    }
    return this.index;
  }

  /** Moves to the latest published version if the view is older than TEAM_REFRESH_MS (or always, with `force`). */
  refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.refreshedAt < TEAM_REFRESH_MS) return Promise.resolve();
    this.refreshing ??= this.moveToLatest().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async moveToLatest(): Promise<void> {
    await this.meta.reload();
    await readConsistently({
      documents: () => this.library.refreshDocuments(),
      rest: async () => {
        await this.library.refreshPages();
        await (this.index ? await this.index.catch(() => undefined) : undefined)?.refresh();
      },
      latestDocuments: () => this.library.latestDocumentsVersion(),
    });
    this.refreshedAt = Date.now();
  }

  async close(): Promise<void> {
    (await this.index?.catch(() => undefined))?.close();
    this.library.close();
    await this.db.close();
    this.store.close();
  }
}

export interface ConsistentRead {
  /** Moves the documents to their latest version (reloading them if it changed); returns that version. */
  documents(): Promise<number>;
  /** Moves every content table (chunks, pages) to its latest version. */
  rest(): Promise<void>;
  /** The documents table's latest version now. */
  latestDocuments(): Promise<number>;
}

/**
 * A publisher commits a document's new chunks and pages, then its document row, then deletes the old version's
 * rows. A reader that read the documents at version D, then the chunks and pages, then finds the documents still at
 * D, knows no document commit fell in between: each document it holds has its rows in the chunks it read (old rows
 * are deleted only after a newer document row, which it would have seen). If the documents moved, it reads again.
 * Chunks of any other version are dropped at search time (the searcher matches chunk and document versions).
 * Returns the attempts it took; after `attempts` (a publisher committing without pause) it keeps the last read.
 */
export async function readConsistently(tables: ConsistentRead, attempts = 5): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const documents = await tables.documents();
    await tables.rest();
    if ((await tables.latestDocuments()) === documents || attempt >= attempts) return attempt;
  }
}
