import { describe, expect, it } from 'vitest';
import { grantedImportsOnly, PathGrants } from '../../electron/core/api/pathGrants';
import type { EngineApi } from '../../electron/shared/contract';
import { EngineError } from '../../electron/shared/result';

// A stand-in engine that records what reaches it: the wrapper's rule is what is tested.
function recordingEngine() {
  const imported: string[][] = [];
  const api = {
    importFiles: async (paths: string[]) => (imported.push(paths), { jobId: 'job-1' }),
    listJobs: async () => [],
  } as unknown as EngineApi;
  return { api, imported };
}

describe('a page imports only what the person chose', () => {
  const grants = new PathGrants();
  grants.add(['/home/dr/notes', '/home/dr/letter.docx']);

  it('lets through granted files and folders and what is inside them', async () => {
    const { api, imported } = recordingEngine();
    const page = grantedImportsOnly(api, grants);
    await expect(page.importFiles(['/home/dr/notes', '/home/dr/notes/2024/a.txt'])).resolves.toEqual({
      jobId: 'job-1',
    });
    await page.importFiles(['/home/dr/letter.docx']);
    expect(imported).toEqual([['/home/dr/notes', '/home/dr/notes/2024/a.txt'], ['/home/dr/letter.docx']]);
  });

  it.each([
    ['/home/dr/.ssh/id_rsa'],
    ['/home/dr/notes/../.ssh'],
    ['/home/dr/notes-old'],
    ['/home/dr/letter.docx.bak'],
    ['/home/dr'],
  ])('refuses %s, naming it, and the engine never sees the request', async (path) => {
    const { api, imported } = recordingEngine();
    const err = await grantedImportsOnly(api, grants)
      .importFiles(['/home/dr/notes', path])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ kind: 'BadInput', subject: path });
    expect((err as Error).message).toBe(
      `${path}: not chosen in Clinote. Add files with the Add buttons or by dropping them on the window.`,
    );
    expect(imported).toEqual([]);
  });

  it('leaves every other method as it is', async () => {
    const { api } = recordingEngine();
    await expect(grantedImportsOnly(api, new PathGrants()).listJobs()).resolves.toEqual([]);
  });
});
