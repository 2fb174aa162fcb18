import './lanceEnv';
import { AsyncLocalStorage } from 'node:async_hooks';
import { totalmem } from 'node:os';
import * as lancedb from '@lancedb/lancedb';
import type { Connection, Table } from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import { EngineError } from '../../shared/result';
import { Semaphore } from '../util/semaphore';
import type { StorageSettings } from './storage';
import { isObjectStoreUri, lanceStorageOptions } from './storage';
import type { WriterLease } from './writerLease';

/**
 * LanceDB's session caches default to 6 GB of index data and 1 GB of metadata. Every commit adds a manifest listing
 * all fragments, so over a long import of short notes the metadata cache grows with the square of the commits (RSS
 * went from 590 to 840 MB over 2,000 notes); 64 MB holds what queries and writes reuse.
 */
const METADATA_CACHE_BYTES = 64n << 20n;
/**
 * The index cache holds only what queries touch (a 100k-chunk library uses tens of MB), but a library must fit in it
 * whole: at 1M chunks the HNSW graph, its quantised vectors and the full-text index need between 1 and 2 GB, and with
 * a 1 GB cap queries evicted each other's index pages: a vector query took 600 ms instead of 9 (measured). So the cap
 * is a sixth of the machine's memory, at least 1 GB and at most 4 GB.
 */
const INDEX_CACHE_BYTES = BigInt(Math.min(4096, Math.max(1024, Math.floor(totalmem() / 6 / 2 ** 20)))) << 20n;

/**
 * Old table versions are kept this long for reads still running on them; older versions, and the files only they
 * reference, leave the disk at the next compaction. A removal purges at once: removed text must not linger.
 */
export const KEEP_VERSIONS_MS = 2 * 60_000;

/**
 * On shared storage other workstations read pinned versions for up to their refresh interval plus a query; a version
 * pruned under them fails their reads ("object not found"). So old versions stay this long there, removals included:
 * a removed document is unsearchable at once (its rows are deleted) and its bytes leave the bucket at the first
 * compaction after this window (the next publish or removal).
 */
export const SHARED_KEEP_VERSIONS_MS = 30 * 60_000;

/** How the vector index is queried; chosen per storage (see `annQuery`). */
export interface AnnQuery {
  /** Candidates the HNSW search keeps. */
  ef: number;
  /** Re-rank `k x refine` candidates with the full vectors; 0 = no re-rank. */
  refine: number;
}

export interface DatabaseOptions {
  /** Endpoint and credentials, for an s3:// location. */
  storage?: StorageSettings;
  /** Refuse every write (a team library attached for searching). */
  readOnly?: boolean;
}

/**
 * One session for every connection of the process: the caps below then bound the local and a team library together,
 * and re-opening a table skips the metadata it has already read (on a bucket, 66 instead of 539 ms).
 */
let session: lancedb.Session | undefined;
const sharedSession = () => (session ??= new lancedb.Session(INDEX_CACHE_BYTES, METADATA_CACHE_BYTES));

/**
 * One LanceDB folder: the connection, and the single writer every table of it shares, so commits, deletes and
 * compaction never race (LanceDB retries conflicting commits, but a delete racing a compaction can resurrect rows).
 */
export class Database {
  private readonly writer = new Semaphore(1);
  /** Set inside a write, so a write that calls another (a commit that deletes an old version) doesn't wait on itself. */
  private readonly holding = new AsyncLocalStorage<true>();

  private lease?: WriterLease;

  private constructor(
    /** A local folder or an s3:// URI. */
    readonly dir: string,
    readonly connection: Connection,
    /** On object storage, shared with other workstations. */
    readonly shared: boolean,
    readonly readOnly: boolean,
  ) {}

  static async open(dir: string, opts: DatabaseOptions = {}): Promise<Database> {
    const shared = isObjectStoreUri(dir);
    // LanceDB's object store reads the AWS_* variables as well as the options given, and an empty one (exported but
    // blank) makes it panic building request URLs; blank means unset.
    if (shared)
      for (const name of Object.keys(process.env))
        if (/^AWS_/.test(name) && !process.env[name]) delete process.env[name];
    try {
      const connection = await lancedb.connect({
        uri: dir,
        session: sharedSession(),
        // No readConsistencyInterval: a reader of a shared library moves to new versions only when it asks
        // (checkoutLatest), so the tables it reads stay at versions that belong together.
        ...(shared ? { storageOptions: lanceStorageOptions(opts.storage ?? {}) } : {}),
      });
      return new Database(dir, connection, shared, opts.readOnly ?? false);
    } catch (err) {
      throw new EngineError('StoreCorrupt', `Can't open the index in ${dir}: ${(err as Error).message}`, dir);
    }
  }

  /** Writes on shared storage need the workstation's writer lease; they fail once it is lost. */
  holdLease(lease: WriterLease): void {
    this.lease = lease;
  }

  /** Throws unless this process may write now: not read-only, and on shared storage holding the lease. */
  assertWritable(): void {
    if (this.readOnly)
      throw new EngineError(
        'BadInput',
        `${this.dir} is open read-only here; it is published from elsewhere.`,
        this.dir,
      );
    if (this.shared && !this.lease)
      throw new EngineError('Internal', `Writing to ${this.dir} without the writer lease.`, this.dir);
    this.lease?.assertHeld();
  }

  /** Runs `work` as the folder's only writer; nested calls from inside a write run at once. */
  write<T>(work: () => Promise<T>): Promise<T> {
    const guarded = () => (this.assertWritable(), work());
    if (this.holding.getStore()) return guarded();
    return this.writer.run(() => this.holding.run(true, guarded));
  }

  /**
   * ANN query settings by storage, measured at 100k-1M chunks: locally ef 200 with a x3 re-rank on full vectors
   * (recall@10 0.975-0.980 at 1M; ef 64 gave 0.91). On object storage every re-ranked row is a ranged GET, so the
   * re-rank is smaller and ef larger: at 1M in a bucket, ef 400 with a x2 re-rank gave recall 0.990 in 75 ms (search
   * alone, s3rver), ef 200 x3 0.973 in 90 ms; without a re-rank recall stopped at 0.902 whatever the ef (400 or 800,
   * 47 ms): the quantised vectors alone cannot order the nearest rows.
   */
  annQuery(): AnnQuery {
    return this.shared ? { ef: 400, refine: 2 } : { ef: 200, refine: 3 };
  }

  /** Opens a table, creating it empty when absent (never on a read-only library: nothing was published there). */
  async table(name: string, schema: Schema): Promise<Table> {
    try {
      // Opened directly rather than looked up in tableNames(): on a bucket that is one listing less.
      return await this.connection.openTable(name);
    } catch (err) {
      if (!/not found|does not exist/i.test((err as Error).message)) throw this.unopenable(name, err);
    }
    if (this.readOnly) {
      throw new EngineError(
        'BadInput',
        `There is no library at ${this.dir} yet (no "${name}" table): publish to it first (clinote --db ${this.dir} index <folder>).`,
        this.dir,
      );
    }
    try {
      return await this.connection.createEmptyTable(name, schema, { existOk: true });
    } catch (err) {
      throw this.unopenable(name, err);
    }
  }

  private unopenable(name: string, err: unknown): EngineError {
    return new EngineError('StoreCorrupt', `Can't open table ${name} in ${this.dir}: ${(err as Error).message}`, name);
  }

  async tableNames(): Promise<string[]> {
    return this.connection.tableNames();
  }

  /**
   * Merges small fragments, folds new rows into existing indexes and drops versions older than `keepMs`.
   */
  compact(tables: Table[], keepMs = KEEP_VERSIONS_MS): Promise<void> {
    const keep = this.shared ? Math.max(keepMs, SHARED_KEEP_VERSIONS_MS) : keepMs;
    return this.write(() => compactTables(tables, keep));
  }

  async close(): Promise<void> {
    this.connection.close();
    await this.lease?.release();
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
