import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { StorageSettings } from '../../core';

/** Per-workstation files that never go to a shared library. */
const LOCAL_ONLY = new Set(['pending-imports.json', 'watched-folders.json']);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (!LOCAL_ONLY.has(e.name)) out.push(path);
  }
  return out;
}

/**
 * Copies a local library folder to s3://bucket/prefix for a benchmark, the way a reader must never see it half done:
 * data and index files first, table manifests (`_versions/`) last, since a manifest names files that must be there.
 * Returns the bytes copied.
 */
export async function copyToBucket(dir: string, bucket: string, prefix: string, s: StorageSettings): Promise<number> {
  // The SDK warns on Node < 22 that *future* releases will need it; the pinned release supports Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const s3 = new S3Client({
    region: s.region ?? 'us-east-1',
    ...(s.endpoint ? { endpoint: s.endpoint, forcePathStyle: true } : {}),
    credentials: { accessKeyId: s.accessKeyId ?? '', secretAccessKey: s.secretAccessKey ?? '' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const isManifest = (f: string) => f.split(sep).includes('_versions');
  const files = await filesUnder(dir);
  let bytes = 0;
  const put = async (file: string) => {
    const size = (await stat(file)).size;
    const key = [prefix, relative(dir, file).split(sep).join('/')].filter(Boolean).join('/');
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size }),
    );
    bytes += size;
  };
  try {
    const data = files.filter((f) => !isManifest(f));
    for (let i = 0; i < data.length; i += 4) await Promise.all(data.slice(i, i + 4).map(put));
    for (const f of files.filter(isManifest)) await put(f);
  } finally {
    s3.destroy();
  }
  return bytes;
}
