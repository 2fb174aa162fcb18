import type { MessagePortMain } from 'electron';
import type { Channel, WireMessage } from '../shared/transport/wire';

/** A Channel over the MessagePortMain that main hands the utility process for one window. */
export function portMainChannel(port: MessagePortMain): Channel {
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => {
      const handler = (event: { data: WireMessage }) => listener(event.data);
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}
