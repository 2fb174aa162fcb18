import './lanceEnv';
import { AsyncLocalStorage } from 'node:async_hooks';
import * as lancedb from '@lancedb/lancedb';
import type { Connection, Table } from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import { EngineError } from '../../shared/result';
import { Semaphore } from '../util/semaphore';

/**
 * LanceDB's session caches default to 6 GB of index data and 1 GB of metadata. Every commit adds a manifest listing
 * all fragments, so over a long import of short notes the metadata cache grows with the square of the commits (RSS
 * went from 590 to 840 MB over 2,000 notes); 64 MB holds what queries and writes reuse.
 */
const METADATA_CACHE_BYTES = 64n << 20n;
const INDEX_CACHE_BYTES = 1024n << 20n;

/**
 * Old table versions are kept this long for reads still running on them; older versions, and the files only they
 * reference, leave the disk at the next compaction. A removal purges at once: removed text must not linger.
 */
export const KEEP_VERSIONS_MS = 2 * 60_000;

/**
 * One LanceDB folder: the connection, and the single writer every table of it shares, so commits, deletes and
 * compaction never race (LanceDB retries conflicting commits, but a delete racing a compaction can resurrect rows).
 */
export class Database {
  private readonly writer = new Semaphore(1);
  /** Set inside a write, so a write that calls another (a commit that deletes an old version) doesn't wait on itself. */
  private readonly holding = new AsyncLocalStorage<true>();

  private constructor(
    readonly dir: string,
    readonly connection: Connection,
  ) {}

  static async open(dir: string): Promise<Database> {
    try {
      const session = new lancedb.Session(INDEX_CACHE_BYTES, METADATA_CACHE_BYTES);
      return new Database(dir, await lancedb.connect({ uri: dir, session }));
    } catch (err) {
      throw new EngineError('StoreCorrupt', `Can't open the index in ${dir}: ${(err as Error).message}`, dir);
    }
  }

  /** Runs `work` as the folder's only writer; nested calls from inside a write run at once. */
  write<T>(work: () => Promise<T>): Promise<T> {
    if (this.holding.getStore()) return work();
    return this.writer.run(() => this.holding.run(true, work));
  }

  async table(name: string, schema: Schema): Promise<Table> {
    try {
      if ((await this.connection.tableNames()).includes(name)) return await this.connection.openTable(name);
      return await this.connection.createEmptyTable(name, schema, { existOk: true });
    } catch (err) {
      throw new EngineError('StoreCorrupt', `Can't open table ${name} in ${this.dir}: ${(err as Error).message}`, name);
    }
  }

  async tableNames(): Promise<string[]> {
    return this.connection.tableNames();
  }

  /**
   * Merges small fragments, folds new rows into existing indexes and drops versions older than `keepMs`.
   */
  compact(tables: Table[], keepMs = KEEP_VERSIONS_MS): Promise<void> {
    return this.write(() => compactTables(tables, keepMs));
  }

  close(): void {
    this.connection.close();
  }
}

async function compactTables(tables: Table[], keepMs: number): Promise<void> {
  for (const table of tables) {
    await table.optimize({ cleanupOlderThan: new Date(Date.now() - keepMs) });
    // Within one call the version the compaction replaced (which still names the rewritten files) survives the
    // prune (seen in tests/integration/store.test.ts); a second pass drops it.
    if (keepMs === 0) await table.optimize({ cleanupOlderThan: new Date() });
  }
}

/** Quotes a value for a LanceDB SQL filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
