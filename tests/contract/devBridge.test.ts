import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { safeUploadPath, startDevBridge } from '../../electron/harness/devBridge';
import type { DevBridge } from '../../electron/harness/devBridge';
import type { EngineApi } from '../../electron/shared/contract';
import type { EventSource } from '../../electron/shared/transport/rpc';

// The upload path and the origin checks never reach the engine, so none is needed here; the contract suite runs
// the engine over this bridge.
const noEngine = { on: () => () => undefined } as unknown as EngineApi & EventSource;

describe('the dev bridge’s upload path and origin checks', () => {
  let dir: string;
  let bridge: DevBridge;
  let http: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-bridge-'));
    bridge = await startDevBridge({ engine: noEngine, port: 0, uploadDir: join(dir, 'inbox') });
    http = `http://127.0.0.1:${bridge.port}`;
  });

  afterAll(async () => {
    await bridge?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const upload = (name: string, body: string, origin = 'http://127.0.0.1:5173') =>
    fetch(`${http}/upload?name=${encodeURIComponent(name)}`, { method: 'POST', body, headers: { origin } });

  it('saves an upload in the inbox and answers with its path and top-level root', async () => {
    const res = await upload('visits/2024/note.txt', 'SOB on exertion');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const body = (await res.json()) as { path: string; root: string };
    expect(body).toEqual({ path: join(dir, 'inbox/visits/2024/note.txt'), root: join(dir, 'inbox/visits') });
    expect(await readFile(body.path, 'utf8')).toBe('SOB on exertion');
  });

  it('keeps names that try to escape inside the inbox', () => {
    const inbox = join(dir, 'inbox');
    expect(safeUploadPath(inbox, '../../etc/passwd')?.path).toBe(join(inbox, 'etc/passwd'));
    expect(safeUploadPath(inbox, '/abs/x.pdf')?.path).toBe(join(inbox, 'abs/x.pdf'));
    expect(safeUploadPath(inbox, '..\\..\\win.ini')?.path).toBe(join(inbox, 'win.ini'));
    expect(safeUploadPath(inbox, '../..')).toBeNull();
  });

  it('refuses pages from other origins, over HTTP and WebSocket', async () => {
    expect((await upload('x.txt', 'x', 'https://evil.example')).status).toBe(403);
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(bridge.url, { origin: 'https://evil.example' });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    expect(status).not.toBe(101);
  });

  it('answers the CORS preflight of the harness page', async () => {
    const res = await fetch(`${http}/upload?name=a.txt`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('drops frames that are not wire JSON and keeps serving the socket', async () => {
    const socket = new WebSocket(bridge.url);
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    const answer = new Promise<unknown>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    socket.send('{ not json');
    socket.send(JSON.stringify({ t: 'req', id: 1, method: 'fs/readFile', args: ['/etc/passwd'] }));
    expect(await answer).toMatchObject({ t: 'res', id: 1, ok: false, error: { kind: 'BadInput' } });
    socket.close();
  });
});
