/// <reference types="svelte" />
/// <reference types="vite/client" />

import type { EngineClient } from '../../electron/shared/rpc';
import type { ShellApi } from './lib/platform/types';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser harness. */
    api?: EngineClient;
    shell?: ShellApi;
  }
}
