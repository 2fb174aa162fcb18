import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/main/csp';
import { appUrlMatcher, hardenContents, hardenSession } from '../../../electron/main/security';
import type { ContentsLike, SessionLike } from '../../../electron/main/security';
import { mainWindowOptions } from '../../../electron/main/windowOptions';

describe('appUrlMatcher', () => {
  it('accepts only the dev server’s exact origin in development', () => {
    const isApp = appUrlMatcher('http://localhost:5173/');
    expect(isApp('http://localhost:5173/')).toBe(true);
    expect(isApp('http://localhost:5173/index.html?x=1#y')).toBe(true);
    expect(isApp('http://localhost:5173.evil.com/')).toBe(false);
    expect(isApp('http://localhost:51730/')).toBe(false);
    expect(isApp('http://localhost:5173@evil.com/')).toBe(false);
    expect(isApp('https://localhost:5173/')).toBe(false);
    expect(isApp('http://127.0.0.1:5173/')).toBe(false);
    expect(isApp('app://clinote/index.html')).toBe(false);
    expect(isApp('not a url')).toBe(false);
  });

  it('accepts only app://clinote in the packaged app', () => {
    const isApp = appUrlMatcher(undefined);
    expect(isApp('app://clinote/index.html')).toBe(true);
    expect(isApp('app://clinote/')).toBe(true);
    expect(isApp('app://clinote.evil/index.html')).toBe(false);
    expect(isApp('app://other/index.html')).toBe(false);
    expect(isApp('https://clinote/')).toBe(false);
    expect(isApp('file:///index.html')).toBe(false);
  });
});

class FakeContents extends EventEmitter implements ContentsLike {
  openHandler: (() => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Fires an event as Electron does and tells whether a listener prevented it. */
  fire(event: string, url?: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe('hardenContents', () => {
  const contents = new FakeContents();
  hardenContents(contents, appUrlMatcher('http://localhost:5173'));

  it('denies navigation and redirects away from the app, and allows them within it', () => {
    expect(contents.fire('will-navigate', 'https://example.org/')).toBe(true);
    expect(contents.fire('will-navigate', 'http://localhost:5173.evil.com/')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.org/')).toBe(true);
    expect(contents.fire('will-navigate', 'http://localhost:5173/index.html')).toBe(false);
  });

  it('denies window.open and webviews', () => {
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
    expect(contents.fire('will-attach-webview')).toBe(true);
  });
});

function fakeSession() {
  const calls = {
    request: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    check: null as null | (() => boolean),
    headers: [] as Array<{ urls: string[]; listener: Parameters<SessionLike['webRequest']['onHeadersReceived']>[1] }>,
  };
  const ses: SessionLike = {
    setPermissionRequestHandler: (handler) => (calls.request = handler),
    setPermissionCheckHandler: (handler) => (calls.check = handler),
    webRequest: { onHeadersReceived: (filter, listener) => calls.headers.push({ urls: filter.urls, listener }) },
  };
  return { ses, calls };
}

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    const { ses, calls } = fakeSession();
    hardenSession(ses, undefined);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      let granted: boolean | undefined;
      calls.request!(null, permission, (g) => (granted = g));
      expect(granted).toBe(false);
    }
    expect(calls.check!()).toBe(false);
    expect(calls.headers).toEqual([]);
  });

  it('gives the dev server’s responses the app’s CSP, for that origin only', () => {
    const { ses, calls } = fakeSession();
    hardenSession(ses, 'http://localhost:5173/');
    expect(calls.headers.map((h) => h.urls)).toEqual([['http://localhost:5173/*']]);
    let answer: { responseHeaders?: Record<string, string | string[]> } = {};
    calls.headers[0]!.listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (answer = r));
    expect(answer.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [contentSecurityPolicy('electron')],
    });
  });
});

describe('the main window', () => {
  it('runs its page isolated and sandboxed, without Node', () => {
    const { webPreferences } = mainWindowOptions('/app/preload/index.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });
});
