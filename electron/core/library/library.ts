import type { Table } from '@lancedb/lancedb';
import type { Database } from '../db/database';
import { sqlString } from '../db/database';
import type { ChunkIndex, ChunkRow } from '../index/chunkIndex';
import { CommitQueue } from './commitQueue';
import { FileMarks } from './fileMarks';
import type { DocumentRow, PageRow } from './schema';
import { documentsSchema, pagesSchema } from './schema';

/** Commits between compactions while an import runs, so queries during a long import don't crawl over fragments. */
const COMPACT_EVERY = 200;

type Rows = Record<string, unknown>[];

interface DocumentWrite {
  doc: DocumentRow;
  pages: PageRow[];
  chunks: ChunkRow[];
  index: ChunkIndex;
}

/** `docId\0version`: how content rows name the document version they belong to. */
export const versionKey = (docId: string, version: string) => `${docId}\u0000${version}`;

/**
 * The documents and their page texts, independent of any model. A document's rows are written in an order that
 * makes the document row the commit point: pages and chunks of the new version first, then the document row, then
 * the old version's rows are deleted. Content rows of a version no document row names are orphans of a crash and
 * are swept on open (pages here, chunks by each index against `liveVersions()`).
 */
export class Library {
  private readonly commits: CommitQueue<DocumentWrite>;
  /** The documents table version the map was read at (a reader's refresh reloads it when the table moved on). */
  private docsVersion?: number;

  private constructor(
    private readonly db: Database,
    private readonly documents: Table,
    private readonly pages: Table,
    /** The documents table in memory (thousands of small rows); the engine is its only writer, so it stays exact. */
    private readonly docs: Map<string, DocumentRow>,
    /** Which multi-document files were written to the end (see fileMarks.ts). */
    readonly files: FileMarks,
  ) {
    this.commits = new CommitQueue<DocumentWrite>(
      (batch) => this.db.write(() => this.commitBatch(batch)),
      (batch) => this.db.write(() => this.undo(batch)),
      { every: COMPACT_EVERY, run: () => this.compact() },
    );
  }

  static async open(db: Database): Promise<Library> {
    const documents = await db.table('documents', documentsSchema);
    const pages = await db.table('pages', pagesSchema);
    const version = await documents.version();
    const files = await FileMarks.open(db);
    const library = new Library(db, documents, pages, await readDocuments(documents), files);
    library.docsVersion = version;
    // A library attached read-only is another workstation's to repair.
    if (!db.readOnly) await library.sweep();
    return library;
  }

  /**
   * A reader of a shared library moves its documents to the latest version (the tables stay on the version read until
   * asked) and reloads them if they changed. Returns the version now read.
   */
  async refreshDocuments(): Promise<number> {
    await this.documents.checkoutLatest();
    const now = await this.documents.version();
    if (now !== this.docsVersion) {
      const rows = await readDocuments(this.documents);
      this.docs.clear();
      for (const [id, row] of rows) this.docs.set(id, row);
      this.docsVersion = now;
    }
    return now;
  }

  /** The latest version of the documents table, without reloading them (a reader's consistency check). */
  async latestDocumentsVersion(): Promise<number> {
    await this.documents.checkoutLatest();
    return this.documents.version();
  }

  async refreshPages(): Promise<void> {
    await this.pages.checkoutLatest();
  }

  list(): DocumentRow[] {
    return [...this.docs.values()];
  }

  get(id: string): DocumentRow | undefined {
    return this.docs.get(id);
  }

  /** The documents read from one file (one, or one per row of an export). */
  atPath(path: string): DocumentRow[] {
    return this.list().filter((d) => d.path === path);
  }

  /** The versions whose content rows are live: ready documents at their current version. */
  liveVersions(): Set<string> {
    return new Set(this.list().flatMap((d) => (d.status === 'ready' ? [versionKey(d.id, d.contentHash)] : [])));
  }

  async pageTexts(docId: string, version: string): Promise<PageRow[]> {
    const rows = (await this.pages
      .query()
      .where(`docId = ${sqlString(docId)} AND version = ${sqlString(version)}`)
      .toArray()) as PageRow[];
    return rows.sort((a, b) => a.page - b.page);
  }

  /** Writes a document's new version: its pages here, its chunks into `index`, then the document row. */
  write(doc: DocumentRow, pages: PageRow[], chunks: ChunkRow[], index: ChunkIndex): Promise<void> {
    return this.commits.push({ doc, pages, chunks, index });
  }

  private async commitBatch(batch: DocumentWrite[]): Promise<void> {
    const pageRows = batch.flatMap((w) => w.pages);
    if (pageRows.length) await this.pages.add(pageRows as unknown as Rows);
    for (const [index, writes] of groupBy(batch, (w) => w.index)) await index.add(writes.flatMap((w) => w.chunks));
    await this.putDocuments(batch.map((w) => w.doc));
    for (const w of batch) {
      const previous = this.docs.get(w.doc.id);
      this.docs.set(w.doc.id, w.doc);
      if (previous?.contentHash && previous.contentHash !== w.doc.contentHash) {
        await this.deleteVersion(w.doc.id, previous.contentHash, w.index);
      }
    }
  }

  /** Inserts new document rows and updates known ones, one commit each. */
  private async putDocuments(rows: DocumentRow[]): Promise<void> {
    const fresh = rows.filter((d) => !this.docs.has(d.id));
    const known = rows.filter((d) => this.docs.has(d.id));
    if (fresh.length) await this.documents.add(fresh as unknown as Rows);
    if (known.length) {
      await this.documents
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute(known as unknown as Rows);
    }
  }

  private async undo(batch: DocumentWrite[]): Promise<void> {
    for (const w of batch) await this.deleteVersion(w.doc.id, w.doc.contentHash, w.index).catch(() => undefined);
  }

  private async deleteVersion(docId: string, version: string, index: ChunkIndex): Promise<void> {
    await index.deleteVersion(docId, version);
    await this.pages.delete(`docId = ${sqlString(docId)} AND version = ${sqlString(version)}`);
  }

  /** A failed file keeps a document row with its error and no content rows. */
  writeFailure(doc: DocumentRow, indexes: ChunkIndex[]): Promise<void> {
    return this.db.write(async () => {
      await this.files.delete([doc.path]);
      await this.deleteRows([doc.id], indexes);
      await this.documents.add([doc] as unknown as Rows);
      this.docs.set(doc.id, doc);
    });
  }

  /** Removes documents and their rows from every index given, then purges the old versions that still held them. */
  async remove(ids: string[], indexes: ChunkIndex[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.write(async () => {
      await this.deleteRows(ids, indexes);
      await this.compact(0);
      for (const index of indexes) await index.compact(0);
    });
  }

  /** The document row first (the commit point), then content: a crash in between leaves orphans the sweep removes. */
  private async deleteRows(ids: string[], indexes: ChunkIndex[]): Promise<void> {
    const list = ids.map(sqlString).join(', ');
    const paths = ids.flatMap((id) => this.docs.get(id)?.path ?? []);
    await this.documents.delete(`id IN (${list})`);
    for (const id of ids) this.docs.delete(id);
    // A file with none of its documents left is no longer complete; one with some left keeps its mark.
    await this.files.delete(paths.filter((p) => this.atPath(p).length === 0));
    for (const index of indexes) await index.deleteDocuments(ids);
    await this.pages.delete(`docId IN (${list})`);
  }

  /** Bulk load for evaluation and benchmark libraries: documents with their chunks (and pages), no old versions. */
  bulkLoad(docs: DocumentRow[], chunks: ChunkRow[], index: ChunkIndex, pages: PageRow[] = []): Promise<void> {
    return this.db.write(async () => {
      if (pages.length) await this.pages.add(pages as unknown as Rows);
      await index.add(chunks);
      if (docs.length) await this.putDocuments(docs);
      for (const d of docs) this.docs.set(d.id, d);
    });
  }

  compact(keepMs?: number): Promise<void> {
    return this.db.compact([this.pages, this.documents, this.files.table], keepMs);
  }

  private async sweep(): Promise<void> {
    const live = this.liveVersions();
    const dead = new Set<string>();
    for (const r of await this.pages.query().select(['docId', 'version']).toArray()) {
      const key = versionKey(r.docId as string, r.version as string);
      if (!live.has(key)) dead.add(key);
    }
    for (const key of dead) {
      const [docId, version] = key.split('\u0000') as [string, string];
      await this.db.write(() => this.pages.delete(`docId = ${sqlString(docId)} AND version = ${sqlString(version)}`));
    }
  }

  close(): void {
    this.documents.close();
    this.pages.close();
    this.files.close();
  }
}

async function readDocuments(table: Table): Promise<Map<string, DocumentRow>> {
  const rows = (await table.query().toArray()) as DocumentRow[];
  return new Map(rows.map((d) => [d.id, d]));
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
