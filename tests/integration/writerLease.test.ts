import { afterAll, beforeAll, expect, it } from 'vitest';
import { ObjectStore } from '../../electron/core/db/objectStore';
import { parseObjectUri } from '../../electron/core/db/storage';
import { WriterLease } from '../../electron/core/db/writerLease';
import { describeWithS3, startS3Server } from './s3Server';
import type { S3TestServer } from './s3Server';

/** The writer lease against a real S3 API that enforces If-None-Match / If-Match (moto on 127.0.0.1). */
describeWithS3('writer lease on S3: one publisher at a time', () => {
  let s3: S3TestServer;
  let round = 0;
  const stores: ObjectStore[] = [];
  /** A fresh library prefix per test, seen through its own client (as another workstation would be). */
  const store = async (prefix = `lib-${round}`) => {
    const s = await ObjectStore.open(parseObjectUri(`s3://leases/${prefix}`), s3.storage);
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.makeBucket('leases');
  });

  afterAll(async () => {
    for (const s of stores) s.close();
    await s3?.stop();
  });

  it('gives the lease to exactly one of several writers racing for it', async () => {
    for (round = 1; round <= 5; round++) {
      const contenders = await Promise.all([store(), store(), store()]);
      const results = await Promise.allSettled(contenders.map((s) => WriterLease.acquire(s)));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results)
        if (r.status === 'rejected') expect((r.reason as Error).message).toMatch(/is being published by/);
      await (won[0] as PromiseFulfilledResult<WriterLease>).value.release();
    }
  });

  it('is taken over once its holder left it to expire (a crashed writer), not a moment before', async () => {
    round = 10;
    const s = await store();
    const key = 'lib-10/clinote-writer.lease';
    const lease = (expiresAt: number) =>
      JSON.stringify({ holder: 'crashed@ws-3', host: 'ws-3', pid: 42, since: Date.now() - 3_600_000, expiresAt });
    // Expired a second ago: within the 30 s allowed for clocks that differ, so still refused.
    expect(await s.put(key, lease(Date.now() - 1_000), { absent: true })).not.toBeNull();
    await expect(WriterLease.acquire(await store())).rejects.toThrow(/being published by crashed@ws-3 \(process 42\)/);
    // Expired a minute ago: taken over.
    const current = (await s.get(key))!;
    expect(await s.put(key, lease(Date.now() - 60_000), { etag: current.etag })).not.toBeNull();
    const taken = await WriterLease.acquire(await store());
    taken.assertHeld();
    expect(JSON.parse((await s.get(key))!.body).holder).not.toBe('crashed@ws-3');
    await taken.release();
    expect(await s.get(key)).toBeUndefined();
  });

  it('stops a holder whose renewal finds the lease taken: every later write is refused', async () => {
    round = 20;
    const first = await WriterLease.acquire(await store(), 400);
    // Simulate the holder freezing (no renewals reach the server) long enough for the lease to be taken over:
    // its renew timer keeps running, so only a takeover by someone else makes its next renewal fail.
    const other = await store();
    const key = 'lib-20/clinote-writer.lease';
    const current = (await other.get(key))!;
    const stale = JSON.stringify({ ...JSON.parse(current.body), holder: 'someone@else', expiresAt: 0 });
    expect(await other.put(key, stale, { etag: current.etag })).not.toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(() => first.assertHeld()).toThrow(/taken over by someone@else/);
    await first.release();
  });
});
