import { hostname, userInfo } from 'node:os';
import { z } from 'zod';
import { EngineError } from '../../shared/result';
import type { ObjectStore, StoredObject } from './objectStore';
import { objectKey } from './storage';

const leaseSchema = z.object({
  holder: z.string(),
  host: z.string(),
  pid: z.number().int(),
  since: z.number(),
  expiresAt: z.number(),
});

type LeaseBody = z.infer<typeof leaseSchema>;

export const LEASE_OBJECT = 'clinote-writer.lease';

/** How long a lease lasts unrenewed: a crashed publisher blocks others this long at most (plus the clock margin). */
export const LEASE_TTL_MS = 60_000;
/** Clocks of two workstations differ; a lease counts as expired only this long after its holder said it would be. */
const CLOCK_MARGIN_MS = 30_000;

/**
 * One writer at a time on a shared library. LanceDB itself resolves concurrent commits (conditional PUT on the
 * manifest), but silently: two publishers would interleave their documents. The lease is an object the S3 server
 * creates only if absent (If-None-Match: *) and replaces only if unchanged (If-Match: ETag), so of two racing
 * workstations exactly one gets it. The holder renews it in the background; if a renewal fails (someone took over an
 * expired lease) every later write is refused. It binds Clinote's writers only; LanceDB does not check it.
 */
export class WriterLease {
  private etag: string;
  private expiresAt: number;
  private lost?: EngineError;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
    private body: LeaseBody,
    etag: string,
    private readonly ttlMs: number,
  ) {
    this.etag = etag;
    this.expiresAt = body.expiresAt;
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(ttlMs / 4)));
    this.timer.unref();
  }

  /** Takes the lease or throws `Locked` naming who holds it and since when. */
  static async acquire(store: ObjectStore, ttlMs = LEASE_TTL_MS): Promise<WriterLease> {
    const key = objectKey(store.location, LEASE_OBJECT);
    const now = Date.now();
    const body: LeaseBody = {
      holder: `${safeUser()}@${hostname()}`,
      host: hostname(),
      pid: process.pid,
      since: now,
      expiresAt: now + ttlMs,
    };
    const created = await store.put(key, JSON.stringify(body), { absent: true });
    if (created !== null) return new WriterLease(store, key, body, created, ttlMs);
    const current = await store.get(key);
    if (!current) return WriterLease.acquire(store, ttlMs); // released between our PUT and GET
    const held = parseLease(current);
    if (held && held.expiresAt + CLOCK_MARGIN_MS > Date.now()) throw busy(store.location.uri, held);
    const taken = await store.put(key, JSON.stringify(body), { etag: current.etag });
    if (taken === null) {
      const winner = parseLease((await store.get(key)) ?? current);
      throw busy(store.location.uri, winner ?? held);
    }
    return new WriterLease(store, key, body, taken, ttlMs);
  }

  /** Throws once the lease is lost or has run out unrenewed: the caller must not write. */
  assertHeld(): void {
    if (this.lost) throw this.lost;
    if (Date.now() > this.expiresAt) {
      throw new EngineError(
        'Locked',
        `The writer lease on ${this.store.location.uri} ran out before it could be renewed; nothing more is written.`,
        this.store.location.uri,
      );
    }
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    const next = { ...this.body, expiresAt: Date.now() + this.ttlMs };
    try {
      const etag = await this.store.put(this.key, JSON.stringify(next), { etag: this.etag });
      if (etag === null) {
        const other = parseLease((await this.store.get(this.key)) ?? { body: '', etag: '' });
        this.lost = busy(this.store.location.uri, other, true);
        return;
      }
      this.etag = etag;
      this.body = next;
      this.expiresAt = next.expiresAt;
    } catch {
      // A network blip: the next tick retries; writes stop on their own once `expiresAt` passes.
    }
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    if (!this.lost) await this.store.delete(this.key, this.etag).catch(() => undefined);
  }
}

function parseLease(obj: StoredObject): LeaseBody | undefined {
  try {
    return leaseSchema.parse(JSON.parse(obj.body));
  } catch {
    return undefined;
  }
}

function busy(uri: string, lease: LeaseBody | undefined, takenOver = false): EngineError {
  const who = lease ? `${lease.holder} (process ${lease.pid})` : 'another workstation';
  const since = lease ? ` since ${new Date(lease.since).toISOString()}` : '';
  const message = takenOver
    ? `The writer lease on ${uri} was taken over by ${who}; nothing more is written from here.`
    : `${uri} is being published by ${who}${since}. Only one workstation may publish at a time; try again when it has finished.`;
  return new EngineError('Locked', message, uri);
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
