import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { socketChannel, startDevBridge } from '../../electron/harness/devBridge';
import { createEngineLink } from '../../electron/preload/engineLink';
import type { EnginePort } from '../../electron/preload/engineLink';
import type { EngineApi } from '../../electron/shared/contract';
import { createMemoryChannelPair } from '../../electron/shared/transport/memoryChannel';
import { createClient, serve } from '../../electron/shared/transport/rpc';
import type { EngineClient, EventSource } from '../../electron/shared/transport/rpc';
import type { Channel, WireMessage } from '../../electron/shared/transport/wire';

export interface Connected {
  client: EngineClient;
  close(): Promise<void>;
}

export interface Transport {
  name: string;
  connect(engine: EngineApi & EventSource, scratchDir: string): Promise<Connected>;
}

function portChannel(port: MessagePort): Channel {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      const handler = (message: WireMessage) => listener(message);
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}

/** Every way a client reaches the engine: each must behave the same. */
export const TRANSPORTS: Transport[] = [
  {
    name: 'in-memory channel pair',
    async connect(engine) {
      const [clientSide, serverSide] = createMemoryChannelPair();
      const stop = serve(engine, serverSide, engine);
      const client = createClient(clientSide);
      return { client, close: async () => (client.close(), stop()) };
    },
  },
  {
    // The shape of the desktop app: the utility process serves a MessagePort (structured clone, no JSON), and the
    // page's client talks through the preload's engine link.
    name: 'MessagePort through the preload’s engine link',
    async connect(engine) {
      const { port1, port2 } = new MessageChannel();
      const stop = serve(engine, portChannel(port2), engine);
      const link = createEngineLink();
      link.usePort(port1 as unknown as EnginePort);
      link.setState({ state: 'ready' });
      const client = createClient(link.exposed);
      return {
        client,
        close: async () => {
          client.close();
          stop();
          port1.close();
        },
      };
    },
  },
  {
    name: 'WebSocket dev bridge',
    async connect(engine, scratchDir) {
      const bridge = await startDevBridge({ engine, port: 0, uploadDir: scratchDir });
      const socket = new WebSocket(bridge.url);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const client = createClient(socketChannel(socket));
      return {
        client,
        close: async () => {
          client.close();
          socket.close();
          await bridge.close();
        },
      };
    },
  },
];
