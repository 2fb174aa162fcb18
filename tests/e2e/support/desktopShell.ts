import type { Page } from 'playwright-core';

/**
 * Stands in for the Electron preload where the Electron binary is absent: the page gets `window.engine` (the wire,
 * here a WebSocket to the harness's bridge speaking the bridge's JSON) and `window.shell` (native calls answered
 * with fixed values, recorded in `window.__shellCalls`). The renderer then takes its desktop path (connectDesktop,
 * the electron host) against the real engine.
 */
export async function standInPreload(page: Page, bridgePort: number, modelsFolder: string): Promise<void> {
  await page.addInitScript(
    ({ port, folder }) => {
      type Message = { t: string; [key: string]: unknown };
      const w = globalThis as unknown as Record<string, unknown>;
      const calls: string[] = [];
      const listeners = new Set<(m: Message) => void>();
      const queue: string[] = [];
      const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
      socket.addEventListener('open', () => queue.splice(0).forEach((m) => socket.send(m)));
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data), (_key, value: unknown) => {
          const tagged = value as Record<string, unknown> | null;
          if (typeof tagged?.$bytes !== 'string') return value;
          return Uint8Array.from(atob(tagged.$bytes), (c) => c.charCodeAt(0));
        }) as Message;
        listeners.forEach((l) => l(message));
      });
      w.__shellCalls = calls;
      w.engine = {
        send: (message: Message) => {
          const text = JSON.stringify(message);
          if (socket.readyState === WebSocket.OPEN) socket.send(text);
          else queue.push(text);
        },
        onMessage: (listener: (m: Message) => void) => (listeners.add(listener), () => listeners.delete(listener)),
      };
      w.shell = {
        openFiles: async () => (calls.push('openFiles'), []),
        openFolder: async () => (calls.push('openFolder'), []),
        grantDropped: async () => [],
        onEngineState: (listener: (state: { state: string }) => void) => (
          listener({ state: 'ready' }),
          () => undefined
        ),
        modelsFolder: async () => (calls.push('modelsFolder'), folder),
        openModelsFolder: async () => void calls.push('openModelsFolder'),
      };
    },
    { port: bridgePort, folder: modelsFolder },
  );
}
