import { BrowserWindow, dialog, ipcMain } from 'electron';
import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';

const DOCUMENTS = ['pdf', 'txt', 'md', 'text', 'docx', 'rtf', 'xml', 'json', 'jsonl', 'csv'];

/** The open dialogs behind window.shell; only the app's own page may ask for them. */
export function registerDialogs(isAppUrl: (url: string) => boolean): void {
  const open = async (event: IpcMainInvokeEvent, options: OpenDialogOptions): Promise<string[]> => {
    if (!isAppUrl(event.senderFrame?.url ?? '')) return [];
    const win = BrowserWindow.fromWebContents(event.sender);
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
  ipcMain.handle('dialog:openFiles', (event) =>
    open(event, {
      title: 'Add documents',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Notes and PDFs', extensions: DOCUMENTS },
        { name: 'All files', extensions: ['*'] },
      ],
    }),
  );
  ipcMain.handle('dialog:openFolder', (event) =>
    open(event, { title: 'Add a folder', properties: ['openDirectory', 'multiSelections'] }),
  );
}
