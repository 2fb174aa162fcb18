/// <reference types="svelte" />
/// <reference types="vite/client" />

import type { ShellApi } from '../../electron/shared/transport/shell';
import type { Channel } from '../../electron/shared/transport/wire';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser harness. */
    engine?: Channel;
    shell?: ShellApi;
  }
}
