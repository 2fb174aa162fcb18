import { join } from 'node:path';
import { z } from 'zod';
import { readJson, SerialFile } from '../util/atomicJson';
import type { Logger } from '../util/logger';

const entriesSchema = z.array(z.object({ id: z.string(), paths: z.array(z.string()) }));

export type JournalEntry = z.infer<typeof entriesSchema>[number];

/**
 * Imports not yet finished, on disk. A crash (or a kill) mid-import leaves the entry; the next start re-queues it,
 * and since unchanged files are no-ops and each document is written atomically, the result equals a clean import.
 * Updates are serialised and each write is fsynced and renamed into place.
 */
export class ImportJournal {
  private constructor(private readonly file: SerialFile<JournalEntry[]>) {}

  static async open(dir: string, log: Logger): Promise<ImportJournal> {
    const path = join(dir, 'pending-imports.json');
    let entries: JournalEntry[] = [];
    try {
      entries = entriesSchema.parse(await readJson(path, []));
    } catch (err) {
      // A damaged journal only loses the resumption of interrupted imports; the index itself is intact.
      log.warn(`${path} is damaged and was reset (${(err as Error).message}); re-import what was being imported.`);
    }
    return new ImportJournal(new SerialFile(path, entries));
  }

  async read(): Promise<JournalEntry[]> {
    return [...this.file.current];
  }

  async add(id: string, paths: string[]): Promise<void> {
    await this.file.update((entries) => [...entries, { id, paths }]);
  }

  async remove(id: string): Promise<void> {
    await this.file.update((entries) => entries.filter((e) => e.id !== id));
  }
}
