import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Imports not yet finished, on disk. A crash (or a kill) mid-import leaves the entry; the next start re-queues it,
 * and since unchanged files are no-ops and each document is written atomically, the result equals a clean import.
 */
export class ImportJournal {
  constructor(private readonly dir: string) {}

  private get file() {
    return join(this.dir, 'pending-imports.json');
  }

  async read(): Promise<Array<{ id: string; paths: string[] }>> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as Array<{ id: string; paths: string[] }>) : [];
    } catch {
      return [];
    }
  }

  async add(id: string, paths: string[]): Promise<void> {
    const entries = await this.read();
    entries.push({ id, paths });
    await this.write(entries);
  }

  async remove(id: string): Promise<void> {
    await this.write((await this.read()).filter((e) => e.id !== id));
  }

  private async write(entries: Array<{ id: string; paths: string[] }>): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(entries));
    await rename(tmp, this.file);
  }
}
