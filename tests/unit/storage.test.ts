import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isObjectStoreUri,
  lanceStorageOptions,
  parseObjectUri,
  readStorageSettings,
  requireCredentials,
  withEnvironment,
} from '../../electron/core/db/storage';

describe('object storage locations', () => {
  it('tells a bucket URI from a folder', () => {
    expect(isObjectStoreUri('s3://clinic/library')).toBe(true);
    expect(isObjectStoreUri('/home/me/clinote')).toBe(false);
    expect(isObjectStoreUri('C:\\Users\\me\\Clinote')).toBe(false);
    expect(isObjectStoreUri('file:///home/me')).toBe(false);
  });

  it('splits bucket and prefix, dropping trailing slashes', () => {
    expect(parseObjectUri('s3://clinic/team/library/')).toEqual({
      uri: 's3://clinic/team/library',
      bucket: 'clinic',
      prefix: 'team/library',
    });
    expect(parseObjectUri('s3://clinic')).toEqual({ uri: 's3://clinic', bucket: 'clinic', prefix: '' });
  });

  it('names the problem with a URI it cannot use', () => {
    expect(() => parseObjectUri('gs://clinic/library')).toThrow(/only s3:\/\/ libraries are supported/);
    expect(() => parseObjectUri('s3://Clinic_Bucket/x')).toThrow(/expected s3:\/\/<bucket>\/<prefix>/);
  });
});

describe('storage settings: a file of the user, under the AWS_* variables', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-storage-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads a settings file only its owner can read, and refuses one others may read', async () => {
    const file = join(dir, 'storage.json');
    await writeFile(
      file,
      JSON.stringify({ endpoint: 'http://127.0.0.1:9000', accessKeyId: 'k', secretAccessKey: 's' }),
    );
    await chmod(file, 0o644);
    if (process.platform !== 'win32') await expect(readStorageSettings(file)).rejects.toThrow(/chmod 600/);
    await chmod(file, 0o600);
    expect(await readStorageSettings(file)).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      accessKeyId: 'k',
      secretAccessKey: 's',
    });
    expect(await readStorageSettings(join(dir, 'absent.json'))).toEqual({});
  });

  it('names the field that is wrong', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ endpoint: 'not a url', password: 'x' }), { mode: 0o600 });
    await expect(readStorageSettings(file)).rejects.toThrow(/bad\.json: endpoint/);
  });

  it('lets the AWS_* variables win over the file, credentials only as a pair', () => {
    const file = { endpoint: 'http://a:1', region: 'eu-west-1', accessKeyId: 'fk', secretAccessKey: 'fs' };
    const env = { AWS_ENDPOINT_URL: 'http://b:2', AWS_DEFAULT_REGION: 'us-west-2', AWS_ACCESS_KEY_ID: 'ek' };
    expect(withEnvironment(file, env)).toEqual({ ...file, endpoint: 'http://b:2', region: 'us-west-2' });
    expect(withEnvironment({}, { ...env, AWS_SECRET_ACCESS_KEY: 'es' })).toMatchObject({
      accessKeyId: 'ek',
      secretAccessKey: 'es',
    });
  });

  it('says where to put credentials when there are none', () => {
    expect(() => requireCredentials({}, 's3://clinic/x', '/home/me/.config/clinote/storage.json')).toThrow(
      /set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or put accessKeyId and secretAccessKey in \/home\/me\/\.config\/clinote\/storage\.json/,
    );
  });

  it('gives LanceDB its option names, allowing plain HTTP only for an http:// endpoint', () => {
    const http = lanceStorageOptions({ endpoint: 'http://127.0.0.1:9000', accessKeyId: 'k', secretAccessKey: 's' });
    expect(http).toEqual({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      allow_http: 'true',
      aws_access_key_id: 'k',
      aws_secret_access_key: 's',
    });
    expect(lanceStorageOptions({ endpoint: 'https://minio.lan' }).allow_http).toBeUndefined();
  });
});
