import { contentSecurityPolicy } from './csp';
import { APP_ORIGIN } from './protocol';

/** Scheme and host of a URL; the page's own origin, compared whole, never by prefix. */
function originOf(url: string): string | null {
  try {
    const { protocol, host } = new URL(url);
    // `origin` is "null" for schemes Node's URL doesn't know (app:), so scheme and host are compared instead.
    return `${protocol}//${host}`;
  } catch {
    return null;
  }
}

/**
 * Whether a URL belongs to the app's own page: the packaged app:// origin, or in development the vite server's
 * origin exactly (http://localhost:5173.evil.com is another site, though its text starts the same).
 */
export function appUrlMatcher(devServerUrl: string | undefined): (url: string) => boolean {
  const own = originOf(devServerUrl ?? `${APP_ORIGIN}/`);
  return (url) => own !== null && originOf(url) === own;
}

type HeaderMap = Record<string, string | string[]>;

/** The parts of Electron's Session the app hardens. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  webRequest: {
    onHeadersReceived(
      filter: { urls: string[] },
      listener: (
        details: { responseHeaders?: HeaderMap },
        callback: (response: { responseHeaders?: HeaderMap }) => void,
      ) => void,
    ): void;
  };
}

/** The app needs no camera, notifications, geolocation or anything else a page may ask for. */
export function hardenSession(ses: SessionLike, devServerUrl: string | undefined): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  if (!devServerUrl) return;
  // In development the page comes from the vite server; give its responses the same policy as app://.
  ses.webRequest.onHeadersReceived({ urls: [`${new URL(devServerUrl).origin}/*`] }, (details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy('electron')] },
    });
  });
}

interface Preventable {
  preventDefault(): void;
}

/** The parts of Electron's WebContents the app hardens. */
export interface ContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Preventable & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/** Every web contents stays on the app's own page: no navigation, no new windows, no webviews. */
export function hardenContents(contents: ContentsLike, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
