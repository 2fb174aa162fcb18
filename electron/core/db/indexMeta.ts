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

/** The library's meta as the engine reads and changes it: a file beside a local index, an object in a bucket. */
export interface IndexMetaFile {
  readonly current: IndexMeta;
  update(change: (value: IndexMeta) => IndexMeta): Promise<IndexMeta>;
}

export const INDEX_META_NAME = 'clinote-index.json';

export const freshIndexMeta = (): IndexMeta => ({ schemaVersion: SCHEMA_VERSION, activeModel: null, models: {} });

/**
 * The index folder's own facts (schema version, active model), checked before any table is opened. An older version
 * this Clinote knows how to upgrade is returned as it is; index/upgrade.ts brings it up to date.
 */
export async function openIndexMeta(dir: string): Promise<IndexMetaFile> {
  const file = join(dir, INDEX_META_NAME);
  let raw: unknown;
  try {
    raw = await readJson(file, freshIndexMeta());
  } catch (err) {
    throw new EngineError('StoreCorrupt', `${file} is damaged (${(err as Error).message}).`, file);
  }
  return new SerialFile(file, parseIndexMeta(raw, file, dir));
}

/** Checks meta read from `where` (a file or an object) for a library at `dir`. */
export function parseIndexMeta(raw: unknown, where: string, dir: string): IndexMeta {
  const parsed = metaSchema.safeParse(raw);
  if (!parsed.success)
    throw new EngineError('StoreCorrupt', `${where} is damaged; remove the folder and re-import.`, where);
  const version = parsed.data.schemaVersion;
  if (version !== SCHEMA_VERSION && !UPGRADABLE_VERSIONS.includes(version)) {
    throw new EngineError(
      'StoreCorrupt',
      `The index in ${dir} has schema version ${parsed.data.schemaVersion}; this Clinote reads version ${SCHEMA_VERSION}. Re-import into a new data folder.`,
      dir,
    );
  }
  return parsed.data;
}

/**
 * A library opened read-only must already be at this Clinote's schema: the upgrade (and the context read after it)
 * writes, which only its publisher may do.
 */
export function requireCurrentSchema(meta: IndexMeta, uri: string): void {
  if (meta.schemaVersion === SCHEMA_VERSION) return;
  throw new EngineError(
    'BadInput',
    `${uri} was published by an older Clinote (schema ${meta.schemaVersion}, this one reads ${SCHEMA_VERSION}). Its publisher upgrades it by publishing with this version (clinote --db ${uri} index <folder>).`,
    uri,
  );
}
