import { mkdir } from 'node:fs/promises';
import { SHELL_IPC } from '../shared/transport/shell';

const DOCUMENTS = ['pdf', 'txt', 'md', 'text', 'docx', 'rtf', 'xml', 'json', 'jsonl', 'csv'];

export interface OpenDialogRequest {
  title: string;
  properties: Array<'openFile' | 'openDirectory' | 'multiSelections'>;
  filters?: Array<{ name: string; extensions: string[] }>;
}

/** The sender of an invoke, as far as the handlers care: which page asked, and the contents to parent a dialog to. */
export interface InvokeEvent {
  senderFrame?: { url: string } | null;
  sender: unknown;
}

export interface ShellIpcDeps {
  ipc: { handle(channel: string, handler: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void };
  /** Electron's dialog.showOpenDialog, parented to the window of `sender`. */
  showOpenDialog(sender: unknown, options: OpenDialogRequest): Promise<{ canceled: boolean; filePaths: string[] }>;
  /** Electron's shell.openPath: resolves with an error message, '' on success. */
  openPath(path: string): Promise<string>;
  modelsDir: string;
  isAppUrl(url: string): boolean;
  /** Lets the page import these paths (and what is in them): they were chosen by the person, in a dialog or a drop. */
  grant(paths: string[]): void;
}

/** The requests behind window.shell; only the app's own page may make them. */
export function registerShellIpc(deps: ShellIpcDeps): void {
  const fromApp = (event: InvokeEvent) => deps.isAppUrl(event.senderFrame?.url ?? '');
  const open = async (event: InvokeEvent, options: OpenDialogRequest): Promise<string[]> => {
    if (!fromApp(event)) return [];
    const result = await deps.showOpenDialog(event.sender, options);
    if (result.canceled) return [];
    deps.grant(result.filePaths);
    return result.filePaths;
  };

  deps.ipc.handle(SHELL_IPC.openFiles, (event) =>
    open(event, {
      title: 'Add documents',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Notes and PDFs', extensions: DOCUMENTS },
        { name: 'All files', extensions: ['*'] },
      ],
    }),
  );
  deps.ipc.handle(SHELL_IPC.openFolder, (event) =>
    open(event, { title: 'Add a folder', properties: ['openDirectory', 'multiSelections'] }),
  );
  // A drop happens in the page; main can't see it, only that the app's own page reports it. The engine still refuses
  // roots, system folders and network paths whatever is granted.
  deps.ipc.handle(SHELL_IPC.grantDropped, async (event, paths) => {
    if (!fromApp(event)) return [];
    const dropped = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
    deps.grant(dropped);
    return dropped;
  });
  deps.ipc.handle(SHELL_IPC.modelsFolder, async (event) => {
    if (!fromApp(event)) throw new Error('Not allowed.');
    return deps.modelsDir;
  });
  deps.ipc.handle(SHELL_IPC.openModelsFolder, async (event) => {
    if (!fromApp(event)) throw new Error('Not allowed.');
    await mkdir(deps.modelsDir, { recursive: true });
    const error = await deps.openPath(deps.modelsDir);
    if (error) throw new Error(`Could not open ${deps.modelsDir}: ${error}`);
  });
}
