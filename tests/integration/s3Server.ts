import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { describe } from 'vitest';

/**
 * moto's S3 server (PyPI `moto[server]`, installed by tests/tools/setup-s3-server.sh into its own venv): a real HTTP
 * S3 API on 127.0.0.1 that enforces conditional PUTs (If-None-Match / If-Match -> 412), which LanceDB's commits and
 * the writer lease rely on. It serves ranged reads in time proportional to the object's size, so it is for
 * correctness only, never for timing. It checks no signatures: these tests cannot catch wrong credentials.
 */
export function motoServerBin(): string | undefined {
  const candidates = [
    process.env.CLINOTE_MOTO_SERVER,
    join(homedir(), '.cache/clinote/s3-venv/bin/moto_server'),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

export function describeWithS3(name: string, fn: () => void): void {
  if (motoServerBin()) {
    describe(name, fn);
    return;
  }
  const how = 'bash tests/tools/setup-s3-server.sh';
  if (process.env.CI) throw new Error(`moto_server missing in CI; .ci/run must install it (${how}).`);
  console.warn(`[skip] ${name}: no S3 test server (moto). Install it with: ${how}`);
  describe.skip(name, fn);
}

export interface S3TestServer {
  endpoint: string;
  /** Credentials the server accepts (it accepts any). */
  storage: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  makeBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${log()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${log()}`);
}

export async function startS3Server(): Promise<S3TestServer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const bin = motoServerBin()!;
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  await waitUntilUp(endpoint, child, () => stderr);
  const storage = { endpoint, region: 'us-east-1', accessKeyId: 'clinote-test', secretAccessKey: 'clinote-test' };
  const s3 = new S3Client({
    endpoint,
    region: storage.region,
    forcePathStyle: true,
    credentials: { accessKeyId: storage.accessKeyId, secretAccessKey: storage.secretAccessKey },
  });
  return {
    endpoint,
    storage,
    makeBucket: async (name) => void (await s3.send(new CreateBucketCommand({ Bucket: name }))),
    stop: async () => {
      s3.destroy();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}
