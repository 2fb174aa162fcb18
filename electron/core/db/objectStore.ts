import type * as S3 from '@aws-sdk/client-s3';
import { EngineError } from '../../shared/result';
import type { ObjectLocation, StorageSettings } from './storage';
import { DEFAULT_REGION, describeStorage } from './storage';

export interface StoredObject {
  body: string;
  etag: string;
}

/** A write that only happens if the object is absent (`absent`) or still has this ETag (`etag`). */
export type PutCondition = { absent: true } | { etag: string };

/**
 * The few small objects Clinote keeps beside LanceDB's tables in a bucket (the library's meta, the writer lease),
 * read and written with S3's conditional requests so the server, not the clients, decides races. LanceDB exposes no
 * conditional write of arbitrary objects, hence an S3 client of its own. Loaded only for s3:// libraries.
 */
export class ObjectStore {
  private constructor(
    private readonly s3: S3.S3Client,
    private readonly sdk: typeof S3,
    readonly location: ObjectLocation,
    private readonly where: string,
  ) {}

  static async open(location: ObjectLocation, settings: StorageSettings): Promise<ObjectStore> {
    // The SDK warns on Node < 22 that *future* releases will need it; the pinned release supports Node 20.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const sdk = await import('@aws-sdk/client-s3');
    const s3 = new sdk.S3Client({
      region: settings.region ?? DEFAULT_REGION,
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
      credentials: {
        accessKeyId: settings.accessKeyId ?? '',
        secretAccessKey: settings.secretAccessKey ?? '',
        ...(settings.sessionToken ? { sessionToken: settings.sessionToken } : {}),
      },
      // S3-compatible servers differ in the optional checksum headers they accept; these objects are tiny JSON.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
    return new ObjectStore(s3, sdk, location, describeStorage(settings));
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const r = await this.s3.send(new this.sdk.GetObjectCommand({ Bucket: this.location.bucket, Key: key }));
      return { body: (await r.Body?.transformToString('utf8')) ?? '', etag: r.ETag ?? '' };
    } catch (err) {
      if (status(err) === 404 && (err as Error).name !== 'NoSuchBucket') return undefined;
      throw this.failure(err, key);
    }
  }

  /** The new ETag, or null when the condition did not hold (412: someone else wrote or created it first). */
  async put(key: string, body: string, when: PutCondition): Promise<string | null> {
    try {
      const r = await this.s3.send(
        new this.sdk.PutObjectCommand({
          Bucket: this.location.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
          ...('absent' in when ? { IfNoneMatch: '*' } : { IfMatch: when.etag }),
        }),
      );
      return r.ETag ?? '';
    } catch (err) {
      // 409: a conditional write raced another one on the same key (AWS's ConditionalRequestConflict).
      if (status(err) === 412 || status(err) === 409) return null;
      throw this.failure(err, key);
    }
  }

  async delete(key: string, etag?: string): Promise<void> {
    try {
      await this.s3.send(
        new this.sdk.DeleteObjectCommand({
          Bucket: this.location.bucket,
          Key: key,
          ...(etag ? { IfMatch: etag } : {}),
        }),
      );
    } catch (err) {
      if (status(err) === 412 || status(err) === 404) return;
      throw this.failure(err, key);
    }
  }

  private failure(err: unknown, key: string): EngineError {
    const e = err as Error & { name?: string };
    const code = status(err);
    const reason =
      code === 403
        ? 'access denied: check the credentials and the bucket policy'
        : e.name === 'NoSuchBucket'
          ? `no bucket "${this.location.bucket}"`
          : `${e.name ?? 'error'}: ${e.message}`;
    // No HTTP status: the request never got an answer (server down, DNS, TLS).
    const kind = code === undefined ? 'Offline' : 'FileUnreadable';
    return new EngineError(kind, `s3://${this.location.bucket}/${key} on ${this.where}: ${reason}.`, key);
  }

  close(): void {
    this.s3.destroy();
  }
}

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
