/** What the app needs from its surroundings besides the engine: the Electron shell or the browser harness. */
export type EngineStateKind = 'connecting' | 'ready' | 'restarting' | 'lost' | 'failed';

export interface EngineState {
  state: EngineStateKind;
  /** What a person should know, e.g. why the engine stopped. */
  message?: string;
}

export interface Host {
  kind: 'electron' | 'browser';
  onEngineState(listener: (state: EngineState) => void): () => void;
  /** Native open dialogs; only the desktop app has them. */
  dialogs?: { openFiles(): Promise<string[]>; openFolder(): Promise<string[]> };
  /**
   * Turns a drop into paths the engine can read. Reads the DataTransfer before its first await: the browser empties
   * it once the drop event returns.
   */
  pathsFromDrop(data: DataTransfer): Promise<string[]>;
  /** Paths for files chosen with a file input (the browser harness has no native dialog). */
  pathsFromFiles?(files: File[]): Promise<string[]>;
}

/**
 * The object the Electron preload exposes as `window.shell` (electron/preload/shell.ts). Declared again here because
 * the renderer may import only electron/shared; keep the two in step.
 */
export interface ShellApi {
  openFiles(): Promise<string[]>;
  openFolder(): Promise<string[]>;
  pathForFile(file: File): string;
  onEngineState(listener: (state: EngineState) => void): () => void;
}
