import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { EngineError } from '../../shared/result';
import { readJson } from '../util/atomicJson';

/**
 * Where a library lives: a local folder, or a prefix in an S3 bucket (AWS or any S3-compatible server) that LanceDB
 * reads and writes itself. Only `s3://` is supported on object storage: the writer lease needs S3's conditional PUT.
 */
export interface ObjectLocation {
  uri: string;
  bucket: string;
  /** The key prefix of the library inside the bucket, without a trailing slash ('' at the bucket's root). */
  prefix: string;
}

export function isObjectStoreUri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^file:\/\//i.test(value);
}

export function parseObjectUri(uri: string): ObjectLocation {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1];
    throw new EngineError(
      'BadInput',
      scheme && scheme !== 's3'
        ? `${uri}: only s3:// libraries are supported on object storage (S3 or an S3-compatible server).`
        : `${uri}: expected s3://<bucket>/<prefix>, with a bucket name of 3-63 lowercase letters, digits, dots or dashes.`,
      uri,
    );
  }
  const prefix = (m[2] ?? '').replace(/\/+$/, '');
  return { uri: prefix ? `s3://${m[1]}/${prefix}` : `s3://${m[1]}`, bucket: m[1]!, prefix };
}

/** The key of an object that belongs to the library (meta, lease) beside LanceDB's table folders. */
export function objectKey(loc: ObjectLocation, name: string): string {
  return loc.prefix ? `${loc.prefix}/${name}` : name;
}

/** How to reach the bucket. Never taken from the command line, so secrets stay out of shell history. */
export const storageSettingsSchema = z.strictObject({
  /** An S3-compatible server (MinIO, Ceph, ...); AWS itself when absent. */
  endpoint: z.string().url().optional(),
  region: z.string().min(1).max(64).optional(),
  accessKeyId: z.string().min(1).max(256).optional(),
  secretAccessKey: z.string().min(1).max(256).optional(),
  sessionToken: z.string().min(1).max(4096).optional(),
});

export type StorageSettings = z.infer<typeof storageSettingsSchema>;

/**
 * The settings file (JSON, e.g. `{ "endpoint": "https://minio.clinic.lan:9000", "region": "us-east-1",
 * "accessKeyId": "...", "secretAccessKey": "..." }`). It holds a secret, so one that others may read is refused,
 * as ssh refuses a readable private key. A missing file is no settings.
 */
export async function readStorageSettings(file: string): Promise<StorageSettings> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new EngineError('FileUnreadable', `${file}: ${(err as Error).message}`, file);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new EngineError(
      'BadInput',
      `${file} holds storage credentials but other users may read it; run: chmod 600 ${file}`,
      file,
    );
  }
  let raw: unknown;
  try {
    raw = await readJson(file, {});
  } catch (err) {
    throw new EngineError('BadInput', `${file} is not valid JSON (${(err as Error).message}).`, file);
  }
  const parsed = storageSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EngineError('BadInput', `${file}: ${issue?.path.join('.') || 'settings'}: ${issue?.message}.`, file);
  }
  return parsed.data;
}

/**
 * The settings with the usual AWS environment variables on top (they win over the file, as with the AWS tools).
 */
export function withEnvironment(file: StorageSettings, env: NodeJS.ProcessEnv = process.env): StorageSettings {
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const out: StorageSettings = { ...file };
  const endpoint = pick('AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT');
  const region = pick('AWS_REGION', 'AWS_DEFAULT_REGION');
  const key = pick('AWS_ACCESS_KEY_ID');
  const secret = pick('AWS_SECRET_ACCESS_KEY');
  const token = pick('AWS_SESSION_TOKEN');
  if (endpoint) out.endpoint = endpoint;
  if (region) out.region = region;
  if (key && secret) {
    out.accessKeyId = key;
    out.secretAccessKey = secret;
    if (token) out.sessionToken = token;
  }
  return storageSettingsSchema.parse(out);
}

export const DEFAULT_REGION = 'us-east-1';

/** The checks every entry point makes before connecting: credentials, and a readable reason when they are absent. */
export function requireCredentials(settings: StorageSettings, uri: string, settingsFile?: string): void {
  if (settings.accessKeyId && settings.secretAccessKey) return;
  const where = settingsFile ? ` or put accessKeyId and secretAccessKey in ${settingsFile} (mode 600)` : '';
  throw new EngineError(
    'BadInput',
    `No credentials for ${uri}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY${where}.`,
    uri,
  );
}

/** LanceDB's storage options (keys are case-insensitive there; http endpoints need allow_http). */
export function lanceStorageOptions(s: StorageSettings): Record<string, string> {
  const out: Record<string, string> = { region: s.region ?? DEFAULT_REGION };
  if (s.endpoint) out.endpoint = s.endpoint;
  if (s.endpoint?.startsWith('http://')) out.allow_http = 'true';
  if (s.accessKeyId) out.aws_access_key_id = s.accessKeyId;
  if (s.secretAccessKey) out.aws_secret_access_key = s.secretAccessKey;
  if (s.sessionToken) out.aws_session_token = s.sessionToken;
  return out;
}

/** What a person may see of the settings: never the secret. */
export function describeStorage(s: StorageSettings): string {
  return `${s.endpoint ?? 'AWS S3'} (${s.region ?? DEFAULT_REGION})`;
}
