import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolderPrivate } from '../util/privateFolder';
import { Database } from './database';
import type { IndexMetaFile } from './indexMeta';
import { openIndexMeta, requireCurrentSchema } from './indexMeta';
import { ObjectStore } from './objectStore';
import { RemoteIndexMeta } from './remoteMeta';
import type { StorageSettings } from './storage';
import { parseObjectUri, requireCredentials } from './storage';
import { WriterLease } from './writerLease';

/** A library on object storage, as a front-end names it. */
export interface SharedLibrary {
  /** s3://bucket/prefix */
  uri: string;
  storage: StorageSettings;
  /** `write` takes the writer lease at once (a publisher); `read` never writes (searching, listing). */
  access: 'read' | 'write';
  /** Named in the error when credentials are missing. */
  settingsFile?: string;
}

export interface OpenedStore {
  db: Database;
  meta: IndexMetaFile;
  /**
   * Where this workstation keeps its own state about the library (import journal, watched folders): always on local
   * disk, since two workstations publishing in turn must not resume each other's imports.
   */
  stateDir: string;
  close(): Promise<void>;
}

/** The library in `<dataDir>/index`, or the shared one named, with its meta and (for a publisher) the lease. */
export async function openStore(dataDir: string, shared?: SharedLibrary): Promise<OpenedStore> {
  if (!shared) {
    const indexDir = join(dataDir, 'index');
    await mkdir(indexDir, { recursive: true, mode: 0o700 });
    await makeFolderPrivate(dataDir);
    const meta = await openIndexMeta(indexDir);
    const db = await Database.open(indexDir);
    return { db, meta, stateDir: indexDir, close: () => db.close() };
  }
  const location = parseObjectUri(shared.uri);
  requireCredentials(shared.storage, location.uri, shared.settingsFile);
  const stateDir = join(dataDir, 'shared', `${location.bucket}__${location.prefix.replace(/[^\w.-]/g, '_')}`);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await makeFolderPrivate(dataDir);
  const store = await ObjectStore.open(location, shared.storage);
  let lease: WriterLease | undefined;
  let db: Database | undefined;
  try {
    // Before any table is touched: opening a library as its writer sweeps crash leftovers, which writes.
    if (shared.access === 'write') lease = await WriterLease.acquire(store);
    db = await Database.open(location.uri, { storage: shared.storage, readOnly: shared.access === 'read' });
    if (lease) db.holdLease(lease);
    const opened = db;
    const meta = await RemoteIndexMeta.open(store, () => opened.assertWritable());
    if (shared.access === 'read') requireCurrentSchema(meta.current, location.uri);
    const close = async () => {
      await opened.close();
      store.close();
    };
    return { db, meta, stateDir, close };
  } catch (err) {
    if (db) await db.close();
    else await lease?.release();
    store.close();
    throw err;
  }
}
