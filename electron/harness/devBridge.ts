import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { EngineApi } from '../shared/contract';
import { decodeWire, encodeWire } from '../shared/transport/codec';
import { serve } from '../shared/transport/rpc';
import type { EventSource } from '../shared/transport/rpc';
import type { Channel, WireMessage } from '../shared/transport/wire';

/**
 * The browser harness's transport: the contract over a WebSocket, plus POST /upload for drops (a File in a web page
 * has no path, so its bytes are saved in `uploadDir` and the page imports the saved path). Development only: it binds
 * to loopback and refuses pages from other origins, since any site in the browser could otherwise drive the engine.
 */
export interface DevBridgeOptions {
  engine: EngineApi & EventSource;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  uploadDir: string;
  /** Largest accepted upload in bytes. */
  maxUploadBytes?: number;
}

export interface DevBridge {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Loopback pages (the vite dev server) and clients without an Origin header (Node tests) may connect. */
function originAllowed(origin: string | undefined): boolean {
  if (!origin) return true;
  try {
    const { hostname, protocol } = new URL(origin);
    return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  } catch {
    return false;
  }
}

export function socketChannel(socket: WebSocket): Channel {
  return {
    send: (message) => {
      if (socket.readyState === socket.OPEN) socket.send(encodeWire(message));
    },
    onMessage: (listener) => {
      const handler = (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        const message = tryDecode(data.toString('utf8'));
        if (message) listener(message);
      };
      socket.on('message', handler);
      return () => socket.off('message', handler);
    },
  };
}

/** A frame that isn't JSON is dropped: a thrown parse error would take the bridge down. */
function tryDecode(text: string): WireMessage | null {
  try {
    return decodeWire(text);
  } catch {
    return null;
  }
}

/** Keeps an upload inside uploadDir whatever its name says: no "..", no absolute paths, no empty segments. */
export function safeUploadPath(uploadDir: string, name: string): { path: string; root: string } | null {
  const parts = name.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..' && !p.includes('\0'));
  if (parts.length === 0) return null;
  const base = resolve(uploadDir);
  const path = resolve(base, ...parts);
  if (!path.startsWith(base + sep)) return null;
  return { path, root: join(base, parts[0]!) };
}

export async function startDevBridge(options: DevBridgeOptions): Promise<DevBridge> {
  const { engine, port = 0, host = '127.0.0.1', uploadDir, maxUploadBytes = 512 * 1024 * 1024 } = options;
  await mkdir(uploadDir, { recursive: true });

  const server = createServer((req, res) => {
    void handleHttp(req, res, uploadDir, maxUploadBytes).catch((err: unknown) => {
      if (!res.headersSent) reply(res, req, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({
    server,
    maxPayload: 64 * 1024 * 1024,
    verifyClient: ({ origin }: { origin?: string }) => originAllowed(origin),
  });
  wss.on('connection', (socket) => {
    const stop = serve(engine, socketChannel(socket), engine);
    socket.on('close', stop);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `ws://${host}:${actual}/`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((ok) => wss.close(() => ok()));
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

function reply(res: ServerResponse, req: IncomingMessage, status: number, body: unknown): void {
  const origin = req.headers.origin;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (origin && originAllowed(origin)) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-methods'] = 'POST, OPTIONS';
    headers['access-control-allow-headers'] = 'content-type';
    headers.vary = 'Origin';
  }
  res.writeHead(status, headers).end(status === 204 ? undefined : JSON.stringify(body));
}

async function handleHttp(req: IncomingMessage, res: ServerResponse, uploadDir: string, maxBytes: number) {
  const url = new URL(req.url ?? '/', 'http://bridge');
  if (!originAllowed(req.headers.origin)) return reply(res, req, 403, { error: 'origin not allowed' });
  if (req.method === 'OPTIONS') return reply(res, req, 204, null);
  if (req.method === 'GET' && url.pathname === '/health') return reply(res, req, 200, { ok: true });
  if (req.method !== 'POST' || url.pathname !== '/upload') return reply(res, req, 404, { error: 'not found' });

  const target = safeUploadPath(uploadDir, url.searchParams.get('name') ?? '');
  if (!target) return reply(res, req, 400, { error: 'a file name is required' });
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return reply(res, req, 413, { error: 'file too large' });

  await mkdir(dirname(target.path), { recursive: true });
  // Written beside and renamed, so the engine never reads half a file.
  const partial = `${target.path}.partial-${process.pid}`;
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) req.destroy(new Error('file too large'));
  });
  await pipeline(req, createWriteStream(partial));
  await rename(partial, target.path);
  reply(res, req, 200, target);
}
