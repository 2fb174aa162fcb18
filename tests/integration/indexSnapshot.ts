import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface IndexSnapshot {
  /** `id|key|status|chunks|version`, sorted. */
  docs: string[];
  /** `id|text`, sorted. */
  chunks: string[];
}

/**
 * What an index holds, read in a process of its own, optionally only the documents of one file: two indexes built
 * from the same files must agree on documents, versions, chunk ids and chunk texts.
 */
export async function snapshotIndex(dataDir: string, onlyPath?: string): Promise<IndexSnapshot> {
  const script = join(import.meta.dirname, 'tools/indexSnapshot.ts');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, dataDir], { maxBuffer: 1 << 28 });
  const raw = JSON.parse(stdout) as {
    docs: Array<{ id: string; path: string; key: string; status: string; chunks: number; version: string }>;
    chunks: Array<{ id: string; docId: string; text: string }>;
  };
  const docs = raw.docs.filter((d) => !onlyPath || d.path === onlyPath);
  const ids = new Set(docs.map((d) => d.id));
  return {
    docs: docs.map((d) => `${d.id}|${d.key}|${d.status}|${d.chunks}|${d.version}`).sort(),
    chunks: raw.chunks
      .filter((c) => ids.has(c.docId))
      .map((c) => `${c.id}|${c.text}`)
      .sort(),
  };
}
