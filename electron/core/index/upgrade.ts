import type { Database } from '../db/database';
import type { IndexMetaFile } from '../db/indexMeta';
import { SCHEMA_VERSION } from '../library/schema';
import type { Logger } from '../util/logger';
import { CHUNK_TABLE_PREFIX } from './schema';

/**
 * Brings an index of an older schema up to date in place, before anything reads it: version 1 chunk tables gain the
 * nullable `context` column (a metadata change; no row is rewritten). Rows keep null there until the context
 * backfill (index/contextBackfill.ts) derives their spans from the stored page texts, so nothing is re-embedded
 * and no file is read again.
 */
export async function upgradeIndex(meta: IndexMetaFile, db: Database, log: Logger): Promise<void> {
  const from = meta.current.schemaVersion;
  if (from === SCHEMA_VERSION) return;
  for (const name of await db.tableNames()) {
    if (!name.startsWith(CHUNK_TABLE_PREFIX)) continue;
    const table = await db.connection.openTable(name);
    try {
      if (!(await table.schema()).fields.some((f) => f.name === 'context')) {
        await db.write(() => table.addColumns([{ name: 'context', valueSql: 'CAST(NULL AS STRING)' }]));
      }
    } finally {
      table.close();
    }
  }
  await meta.update((m) => ({ ...m, schemaVersion: SCHEMA_VERSION }));
  log.info(`Index upgraded from schema ${from} to ${SCHEMA_VERSION}; note context is read again in the background.`);
}
