import type { Plugin } from 'vite';

/**
 * The renderer's Content-Security-Policy. Styles allow 'unsafe-inline' because Svelte's transitions and pdf.js's
 * text layer set style attributes; scripts come only from the app itself, so injected markup can't run code.
 */
export function contentSecurityPolicy(target: 'electron' | 'harness'): string {
  // The harness page talks to the dev bridge on another loopback port; the desktop app talks to nothing.
  const connect = target === 'harness' ? "'self' ws://127.0.0.1:* http://127.0.0.1:*" : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Puts the policy into index.html as a meta tag, so it holds however the page is served. */
export function cspPlugin(target: 'electron' | 'harness'): Plugin {
  return {
    name: 'clinote-csp',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(target) },
        injectTo: 'head-prepend',
      },
    ],
  };
}
