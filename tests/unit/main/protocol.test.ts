import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/main/csp';
import { registerAppScheme, rendererHandler, serveRenderer } from '../../../electron/main/protocol';
import type { ProtocolLike } from '../../../electron/main/protocol';

describe('the app:// protocol handler', () => {
  let dir: string;
  let handle: (request: Request) => Promise<Response>;
  const get = (path: string) => handle(new Request(`app://clinote${path}`));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-protocol-'));
    const renderer = join(dir, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Clinote</title>');
    await writeFile(join(renderer, 'assets/index-abc.js'), 'export {};');
    await writeFile(join(renderer, 'assets/pdf.worker-abc.mjs'), 'export {};');
    await writeFile(join(renderer, 'assets/index-abc.css'), 'body{}');
    await writeFile(join(renderer, 'assets/my file.svg'), '<svg/>');
    await writeFile(join(dir, 'secret.txt'), 'patient data');
    await symlink(join(dir, 'secret.txt'), join(renderer, 'assets/link.txt'));
    handle = rendererHandler(renderer);
  });

  afterAll(async () => dir && (await rm(dir, { recursive: true, force: true })));

  it('serves index.html for the root, with the CSP and nosniff headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Clinote</title>');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy('electron'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives scripts, module workers, styles and images their MIME types', async () => {
    const types = await Promise.all(
      ['/assets/index-abc.js', '/assets/pdf.worker-abc.mjs', '/assets/index-abc.css', '/assets/my%20file.svg'].map(
        async (path) => (await get(path)).headers.get('content-type'),
      ),
    );
    expect(types).toEqual(['text/javascript', 'text/javascript', 'text/css', 'image/svg+xml']);
  });

  it('refuses every way out of the renderer folder', async () => {
    const attempts = [
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/link.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await res.text()).not.toContain('patient data');
    }
  });

  it('answers 404 for missing files, folders and other hosts', async () => {
    expect((await get('/assets/nope.js')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('registers the app scheme as standard and secure, and handles it', async () => {
    const registered: unknown[] = [];
    const handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
    const protocol: ProtocolLike = {
      registerSchemesAsPrivileged: (schemes) => registered.push(...schemes),
      handle: (scheme, handler) => handlers.set(scheme, handler),
    };
    registerAppScheme(protocol);
    serveRenderer(protocol, join(dir, 'renderer'));
    expect(registered).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect((await handlers.get('app')!(new Request('app://clinote/index.html'))).status).toBe(200);
  });
});
