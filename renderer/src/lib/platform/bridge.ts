import { decodeWire, encodeWire } from '../../../../electron/shared/transport/codec';
import { createReconnectingChannel } from '../../../../electron/shared/transport/reconnectingChannel';
import { createClient } from '../../../../electron/shared/transport/rpc';
import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { EngineState } from '../../../../electron/shared/transport/shell';
import type { WireMessage } from '../../../../electron/shared/transport/wire';
import type { Host } from './types';
import { collectDropped, uploadFiles } from './upload';

export const DEFAULT_BRIDGE_PORT = 7517;

/** The bridge of the browser harness: `?bridge=<port>` on the page's URL, or the default port. */
export function bridgeAddress(location: Location): { ws: string; http: string } {
  const port = Number(new URLSearchParams(location.search).get('bridge')) || DEFAULT_BRIDGE_PORT;
  return { ws: `ws://127.0.0.1:${port}/`, http: `http://127.0.0.1:${port}` };
}

/**
 * Connects to the dev bridge (electron/harness/devBridge.ts) over a WebSocket that reconnects by itself; requests made
 * while it is down wait for the next connection, and requests lost with a connection fail instead of hanging.
 */
export function connectBridge(address: { ws: string; http: string }): { client: EngineClient; host: Host } {
  const link = createReconnectingChannel();
  const listeners = new Set<(state: EngineState) => void>();
  let current: EngineState = { state: 'connecting' };
  const setState = (state: EngineState) => {
    current = state;
    listeners.forEach((l) => l(state));
  };

  let delay = 250;
  const open = () => {
    const socket = new WebSocket(address.ws);
    let deliver: ((message: WireMessage) => void) | null = null;
    socket.addEventListener('open', () => {
      delay = 250;
      deliver = link.attach({ send: (m) => socket.send(encodeWire(m)) });
      setState({ state: 'ready' });
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') deliver?.(decodeWire(event.data));
    });
    socket.addEventListener('close', () => {
      if (deliver) link.detach('Lost the connection to the engine; retrying.');
      setState({ state: 'lost', message: `No engine bridge at ${address.ws}. Is \`npm run harness\` running?` });
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 4000);
    });
  };
  open();

  const host: Host = {
    kind: 'browser',
    onEngineState(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    pathsFromDrop(data) {
      const dropped = collectDropped(data);
      return dropped.then((files) => uploadFiles(address.http, files));
    },
    pathsFromFiles: (files) =>
      uploadFiles(
        address.http,
        files.map((file) => ({ file, relativePath: file.name })),
      ),
  };
  return { client: createClient(link.channel), host };
}
