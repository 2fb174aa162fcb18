import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrlMatcher } from '../../../electron/main/security';
import { registerShellIpc } from '../../../electron/main/shellIpc';
import type { InvokeEvent, OpenDialogRequest } from '../../../electron/main/shellIpc';

const APP_PAGE: InvokeEvent = { senderFrame: { url: 'app://clinote/index.html' }, sender: 'main-window' };
const OTHER_PAGE: InvokeEvent = { senderFrame: { url: 'https://example.org/' }, sender: 'main-window' };

function setup(dialogAnswer: { canceled: boolean; filePaths: string[] }, modelsDir = '/nowhere') {
  const handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>>();
  const granted: string[][] = [];
  const dialogs: Array<{ sender: unknown; options: OpenDialogRequest }> = [];
  const opened: string[] = [];
  registerShellIpc({
    ipc: { handle: (channel, handler) => handlers.set(channel, handler) },
    showOpenDialog: async (sender, options) => (dialogs.push({ sender, options }), dialogAnswer),
    openPath: async (path) => (opened.push(path), ''),
    modelsDir,
    isAppUrl: appUrlMatcher(undefined),
    grant: (paths) => granted.push(paths),
  });
  const invoke = (channel: string, event: InvokeEvent, ...args: unknown[]) => handlers.get(channel)!(event, ...args);
  return { invoke, dialogs, opened, granted };
}

describe('the shell’s IPC handlers', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-shell-'))));
  afterAll(async () => dir && (await rm(dir, { recursive: true, force: true })));

  it('returns the paths chosen in the files dialog, parented to the asking window', async () => {
    const { invoke, dialogs } = setup({ canceled: false, filePaths: ['/notes/a.txt', '/notes/b.pdf'] });
    expect(await invoke('dialog:openFiles', APP_PAGE)).toEqual(['/notes/a.txt', '/notes/b.pdf']);
    expect(dialogs[0]!.sender).toBe('main-window');
    expect(dialogs[0]!.options.properties).toEqual(['openFile', 'multiSelections']);
    expect(dialogs[0]!.options.filters?.[0]!.extensions).toContain('pdf');
  });

  it('returns folders from the folder dialog, and nothing when cancelled', async () => {
    const chosen = setup({ canceled: false, filePaths: ['/notes'] });
    expect(await chosen.invoke('dialog:openFolder', APP_PAGE)).toEqual(['/notes']);
    expect(chosen.dialogs[0]!.options.properties).toContain('openDirectory');
    const cancelled = setup({ canceled: true, filePaths: ['/ignored'] });
    expect(await cancelled.invoke('dialog:openFolder', APP_PAGE)).toEqual([]);
  });

  it('grants the engine what the person chose or dropped, and nothing when cancelled', async () => {
    const chosen = setup({ canceled: false, filePaths: ['/notes/a.txt', '/letters'] });
    await chosen.invoke('dialog:openFiles', APP_PAGE);
    await chosen.invoke('dialog:openFolder', APP_PAGE);
    expect(chosen.granted).toEqual([
      ['/notes/a.txt', '/letters'],
      ['/notes/a.txt', '/letters'],
    ]);
    const cancelled = setup({ canceled: true, filePaths: ['/ignored'] });
    await cancelled.invoke('dialog:openFiles', APP_PAGE);
    expect(cancelled.granted).toEqual([]);
    const dropped = setup({ canceled: true, filePaths: [] });
    expect(await dropped.invoke('drop:grant', APP_PAGE, ['/notes/c.txt', '', 7])).toEqual(['/notes/c.txt']);
    expect(dropped.granted).toEqual([['/notes/c.txt']]);
  });

  it('grants nothing to a page that is not the app’s', async () => {
    const { invoke, granted } = setup({ canceled: false, filePaths: ['/etc/passwd'] });
    await invoke('dialog:openFiles', OTHER_PAGE);
    expect(await invoke('drop:grant', OTHER_PAGE, ['/home/dr'])).toEqual([]);
    expect(granted).toEqual([]);
  });

  it('opens no dialog for a page that is not the app’s', async () => {
    const { invoke, dialogs } = setup({ canceled: false, filePaths: ['/etc/passwd'] });
    expect(await invoke('dialog:openFiles', OTHER_PAGE)).toEqual([]);
    expect(await invoke('dialog:openFiles', { sender: null })).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('names and opens the models folder, creating it first', async () => {
    const modelsDir = join(dir, 'models');
    const { invoke, opened } = setup({ canceled: true, filePaths: [] }, modelsDir);
    expect(await invoke('models:folder', APP_PAGE)).toBe(modelsDir);
    await invoke('models:openFolder', APP_PAGE);
    expect((await stat(modelsDir)).isDirectory()).toBe(true);
    expect(opened).toEqual([modelsDir]);
    await expect(invoke('models:openFolder', OTHER_PAGE)).rejects.toThrow('Not allowed');
    expect(opened).toHaveLength(1);
  });
});
