import { isDeepStrictEqual } from 'node:util';
import { EngineError } from '../../shared/result';
import type { IndexMeta, IndexMetaFile } from './indexMeta';
import { freshIndexMeta, INDEX_META_NAME, parseIndexMeta } from './indexMeta';
import type { ObjectStore } from './objectStore';
import { objectKey } from './storage';

/**
 * The meta of a library in a bucket (schema version, active model), an object beside its tables so that every
 * workstation reads the same model id. Only the lease holder changes it, and each change is a conditional PUT on
 * the ETag read, so a change made meanwhile elsewhere is never overwritten unseen.
 */
export class RemoteIndexMeta implements IndexMetaFile {
  private last: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
    public current: IndexMeta,
    private etag: string | null,
    /** Throws when this process may not write the library (read-only, or its lease is lost). */
    private readonly mayWrite: () => void,
  ) {}

  static async open(store: ObjectStore, mayWrite: () => void): Promise<RemoteIndexMeta> {
    const key = objectKey(store.location, INDEX_META_NAME);
    const { meta, etag } = await read(store, key);
    return new RemoteIndexMeta(store, key, meta, etag, mayWrite);
  }

  /** Re-reads the object (another workstation may have switched the library's model). */
  async reload(): Promise<IndexMeta> {
    const { meta, etag } = await read(this.store, this.key);
    this.current = meta;
    this.etag = etag;
    return meta;
  }

  /** A change that changes nothing writes nothing, so readers can run the same code paths as writers. */
  update(change: (value: IndexMeta) => IndexMeta): Promise<IndexMeta> {
    const next = this.last.then(async () => {
      const value = change(this.current);
      if (isDeepStrictEqual(value, this.current)) return value;
      this.mayWrite();
      const body = JSON.stringify(value, null, 2) + '\n';
      const etag = await this.store.put(this.key, body, this.etag ? { etag: this.etag } : { absent: true });
      if (etag === null) {
        throw new EngineError(
          'Locked',
          `${this.store.location.uri}: the library's meta changed while this workstation was writing it.`,
          this.store.location.uri,
        );
      }
      this.current = value;
      this.etag = etag;
      return value;
    });
    this.last = next.catch(() => undefined);
    return next;
  }
}

async function read(store: ObjectStore, key: string): Promise<{ meta: IndexMeta; etag: string | null }> {
  const obj = await store.get(key);
  if (!obj) return { meta: freshIndexMeta(), etag: null };
  const where = `s3://${store.location.bucket}/${key}`;
  let raw: unknown;
  try {
    raw = JSON.parse(obj.body);
  } catch (err) {
    throw new EngineError('StoreCorrupt', `${where} is damaged (${(err as Error).message}).`, where);
  }
  return { meta: parseIndexMeta(raw, where, store.location.uri), etag: obj.etag };
}
