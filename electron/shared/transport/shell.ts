/**
 * The desktop shell as the renderer sees it, declared once for main (which sends the states and answers the
 * requests), the preload (which exposes them) and the renderer (which uses them).
 */
export type EngineStateKind = 'connecting' | 'ready' | 'restarting' | 'lost' | 'failed';

export interface EngineState {
  state: EngineStateKind;
  /** What a person should know, e.g. why the engine stopped. */
  message?: string;
}

/** The object the preload exposes as `window.shell`: what only main can do, nothing else. */
export interface ShellApi {
  openFiles(): Promise<string[]>;
  openFolder(): Promise<string[]>;
  /** The paths of files and folders dropped on the window, which the page may then import. */
  grantDropped(files: File[]): Promise<string[]>;
  onEngineState(listener: (state: EngineState) => void): () => void;
  /** The folder the engine looks for installed models in. */
  modelsFolder(): Promise<string>;
  /** Shows the models folder in the system's file manager, creating it when absent. */
  openModelsFolder(): Promise<void>;
}

/** IPC channel names between main and the preload. */
export const SHELL_IPC = {
  enginePort: 'engine:port',
  engineState: 'engine:state',
  openFiles: 'dialog:openFiles',
  openFolder: 'dialog:openFolder',
  grantDropped: 'drop:grant',
  modelsFolder: 'models:folder',
  openModelsFolder: 'models:openFolder',
} as const;
