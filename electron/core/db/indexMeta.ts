import { join } from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../shared/result';
import { readJson, SerialFile } from '../util/atomicJson';
import { SCHEMA_VERSION, UPGRADABLE_VERSIONS } from '../library/schema';

const metaSchema = z.object({
  schemaVersion: z.number().int(),
  activeModel: z.string().nullable(),
  /** Models whose chunk table holds every document; a switch flips activeModel only once the new one is complete. */
  models: z.record(z.string(), z.object({ dims: z.number().int(), complete: z.boolean() })),
  /** The context rules every chunk's stored context was derived under (context/rules.ts rulesVersion). */
  contextRules: z.string().optional(),
});

export type IndexMeta = z.infer<typeof metaSchema>;

export type IndexMetaFile = SerialFile<IndexMeta>;

const FILE = 'clinote-index.json';

/**
 * The index folder's own facts (schema version, active model), checked before any table is opened. An older version
 * this Clinote knows how to upgrade is returned as it is; index/upgrade.ts brings it up to date.
 */
export async function openIndexMeta(dir: string): Promise<IndexMetaFile> {
  const file = join(dir, FILE);
  const fresh: IndexMeta = { schemaVersion: SCHEMA_VERSION, activeModel: null, models: {} };
  let raw: unknown;
  try {
    raw = await readJson(file, fresh);
  } catch (err) {
    throw new EngineError('StoreCorrupt', `${file} is damaged (${(err as Error).message}).`, file);
  }
  const parsed = metaSchema.safeParse(raw);
  if (!parsed.success)
    throw new EngineError('StoreCorrupt', `${file} is damaged; remove the folder and re-import.`, file);
  const version = parsed.data.schemaVersion;
  if (version !== SCHEMA_VERSION && !UPGRADABLE_VERSIONS.includes(version)) {
    throw new EngineError(
      'StoreCorrupt',
      `The index in ${dir} has schema version ${parsed.data.schemaVersion}; this Clinote reads version ${SCHEMA_VERSION}. Re-import into a new data folder.`,
      dir,
    );
  }
  return new SerialFile(file, parsed.data);
}
