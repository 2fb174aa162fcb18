import mime from 'mime';
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { contentSecurityPolicy } from './csp';

export const APP_ORIGIN = 'app://clinote';
const APP_HOST = new URL(APP_ORIGIN).host;

/** The part of Electron's `protocol` module the app uses. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(
    schemes: Array<{ scheme: string; privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean } }>,
  ): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/**
 * The renderer is served from app://clinote rather than file://: a real origin lets pdf.js start its module worker,
 * and every response carries the CSP header. Must run before `app.whenReady()`.
 */
export function registerAppScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(protocol: ProtocolLike, rendererDir: string): void {
  protocol.handle('app', rendererHandler(rendererDir));
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/** Answers app:// requests with files of the built renderer, and nothing outside it. */
export function rendererHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    const file = await resolveInside(root, request.url);
    if (!file) return notFound();
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        // Module scripts (pdf.js's worker is an .mjs) are refused by the page unless served as JavaScript.
        'Content-Type': mime.getType(file) ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy('electron'),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}

/** The file a request names, when it is a regular file inside root (symbolic links resolved). */
async function resolveInside(root: string, url: string): Promise<string | null> {
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.host !== APP_HOST) return null;
    // Decoded here, so an encoded "..%2f" is seen as the ".." it is.
    pathname = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const file = resolve(root, `.${pathname}`);
  if (!file.startsWith(root + sep)) return null;
  const real = await realpath(file).catch(() => null);
  const realRoot = await realpath(root).catch(() => root);
  if (!real || !real.startsWith(realRoot + sep)) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? real : null;
}
