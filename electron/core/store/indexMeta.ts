import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../shared/result';
import { SCHEMA_VERSION } from './schema';

const metaSchema = z.object({
  schemaVersion: z.number().int(),
  activeModel: z.string().nullable(),
  /** Models whose chunk table holds every document; a switch flips activeModel only once the new one is complete. */
  models: z.record(z.string(), z.object({ dims: z.number().int(), complete: z.boolean() })),
});

export type IndexMeta = z.infer<typeof metaSchema>;

const FILE = 'clinote-index.json';

export async function readIndexMeta(dir: string): Promise<IndexMeta> {
  let raw: string;
  try {
    raw = await readFile(join(dir, FILE), 'utf8');
  } catch {
    return { schemaVersion: SCHEMA_VERSION, activeModel: null, models: {} };
  }
  const parsed = metaSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new EngineError('StoreCorrupt', `${join(dir, FILE)} is damaged; remove the folder and re-import.`, FILE);
  if (parsed.data.schemaVersion !== SCHEMA_VERSION) {
    throw new EngineError(
      'StoreCorrupt',
      `The index in ${dir} has schema version ${parsed.data.schemaVersion}; this Clinote reads version ${SCHEMA_VERSION}. Re-import into a new data folder.`,
      dir,
    );
  }
  return parsed.data;
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export async function writeIndexMeta(dir: string, meta: IndexMeta): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(meta, null, 2));
  await rename(tmp, join(dir, FILE));
}
