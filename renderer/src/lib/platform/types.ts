import type { EngineState } from '../../../../electron/shared/transport/shell';

/** What the app needs from its surroundings besides the engine: the Electron shell or the browser harness. */
export interface Host {
  kind: 'electron' | 'browser';
  onEngineState(listener: (state: EngineState) => void): () => void;
  /** Native open dialogs; only the desktop app has them. */
  dialogs?: { openFiles(): Promise<string[]>; openFolder(): Promise<string[]> };
  /** Where installed models live, and a way to show that folder; only the desktop app has them. */
  models?: { folder(): Promise<string>; open(): Promise<void> };
  /**
   * Turns a drop into paths the engine can read. Reads the DataTransfer before its first await: the browser empties
   * it once the drop event returns.
   */
  pathsFromDrop(data: DataTransfer): Promise<string[]>;
  /** Paths for files chosen with a file input (the browser harness has no native dialog). */
  pathsFromFiles?(files: File[]): Promise<string[]>;
}
