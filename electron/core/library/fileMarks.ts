import type { Table } from '@lancedb/lancedb';
import { Field, Float64, Schema } from 'apache-arrow';
import { int, str } from '../db/columns';
import type { Database } from '../db/database';
import { sqlString } from '../db/database';

/** One file whose documents were all written: the bytes they came from and how many there are. */
export interface FileMark {
  path: string;
  hash: string;
  documents: number;
  completedAt: number;
}

export const fileMarksSchema = new Schema([
  str('path'),
  str('hash'),
  int('documents'),
  new Field('completedAt', new Float64(), false),
]);

/**
 * Completion marks of files that hold several documents (CSV/JSONL exports, FHIR Bundles). Their documents are
 * written one at a time, so an import cancelled or killed part-way leaves some of them committed with the file's
 * hash; without a mark written after the last one, the next import would take the file for unchanged and the rest
 * would never arrive. A table of its own: the documents table's columns stay as they are, and an index made before
 * marks existed simply has none (its multi-document files are checked once more on their next import).
 */
export class FileMarks {
  private constructor(
    private readonly db: Database,
    readonly table: Table,
    private readonly marks: Map<string, FileMark>,
  ) {}

  static async open(db: Database): Promise<FileMarks> {
    const table = await db.table('files', fileMarksSchema);
    const rows = (await table.query().toArray()) as FileMark[];
    return new FileMarks(db, table, new Map(rows.map((m) => [m.path, { ...m }])));
  }

  get(path: string): FileMark | undefined {
    return this.marks.get(path);
  }

  /** Called once the file's last document is committed. */
  set(mark: FileMark): Promise<void> {
    return this.db.write(async () => {
      await this.table
        .mergeInsert('path')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute([mark] as unknown as Record<string, unknown>[]);
      this.marks.set(mark.path, mark);
    });
  }

  /** Forgets the marks of these paths (their documents were removed or replaced by a failure). */
  delete(paths: string[]): Promise<void> {
    const known = [...new Set(paths)].filter((p) => this.marks.has(p));
    if (known.length === 0) return Promise.resolve();
    return this.db.write(async () => {
      await this.table.delete(`path IN (${known.map(sqlString).join(', ')})`);
      for (const p of known) this.marks.delete(p);
    });
  }

  close(): void {
    this.table.close();
  }
}
