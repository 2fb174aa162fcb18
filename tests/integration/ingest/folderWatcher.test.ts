import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderChanges } from '../../../electron/core/watch/folderWatcher';
import { FolderWatcher } from '../../../electron/core/watch/folderWatcher';

/** Collects batches and lets a test wait until the union of them satisfies a condition. */
class Recorder {
  batches: FolderChanges[] = [];
  private waiters: Array<() => void> = [];

  readonly onChanges = async (c: FolderChanges): Promise<void> => {
    this.batches.push({ upserts: [...c.upserts].sort(), removals: [...c.removals].sort() });
    for (const w of this.waiters.splice(0)) w();
  };

  all(): FolderChanges {
    return {
      upserts: this.batches.flatMap((b) => b.upserts).sort(),
      removals: this.batches.flatMap((b) => b.removals).sort(),
    };
  }

  async until(test: (all: FolderChanges) => boolean, timeoutMs = 30_000): Promise<FolderChanges> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this.all())) {
      if (Date.now() > deadline) throw new Error(`timed out; saw ${JSON.stringify(this.batches)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
    return this.all();
  }

  reset(): void {
    this.batches = [];
  }
}

const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));

describe('FolderWatcher', () => {
  let dir: string;
  let rec: Recorder;
  let watcher: FolderWatcher;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-watch-'));
    await writeFile(join(dir, 'existing.txt'), 'present before watching');
    rec = new Recorder();
    watcher = new FolderWatcher({ onChanges: rec.onChanges, debounceMs: 150, stabilityMs: 150 });
    await watcher.watch(dir);
  });

  afterEach(async () => {
    await watcher.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports added, changed and removed supported files, not files present at start', async () => {
    const note = join(dir, 'visit.txt');
    await writeFile(note, 'DATE OF SERVICE: 01/02/2023\nChest pain.');
    expect(await rec.until((a) => a.upserts.includes(note))).toEqual({ upserts: [note], removals: [] });

    rec.reset();
    await writeFile(note, 'DATE OF SERVICE: 01/02/2023\nChest pain, resolved.');
    expect(await rec.until((a) => a.upserts.includes(note))).toEqual({ upserts: [note], removals: [] });

    rec.reset();
    await rm(note);
    expect(await rec.until((a) => a.removals.includes(note))).toEqual({ upserts: [], removals: [note] });
  });

  it('reports a rename as a removal of the old path and an upsert of the new one', async () => {
    const before = join(dir, 'existing.txt');
    const after = join(dir, 'renamed.txt');
    await rename(before, after);
    const all = await rec.until((a) => a.upserts.includes(after) && a.removals.includes(before));
    expect(all).toEqual({ upserts: [after], removals: [before] });
  });

  it('watches subfolders, and reports the files of a deleted subfolder as removals', async () => {
    const sub = join(dir, 'clinic', '2024');
    await mkdir(sub, { recursive: true });
    const a = join(sub, 'a.md');
    const b = join(sub, 'b.rtf');
    await writeFile(a, '# Progress note');
    await writeFile(b, '{\\rtf1 Follow up.}');
    await rec.until((all) => all.upserts.includes(a) && all.upserts.includes(b));
    await settle();
    rec.reset();
    await rm(join(dir, 'clinic'), { recursive: true });
    expect(await rec.until((all) => all.removals.length === 2)).toEqual({ upserts: [], removals: [a, b] });
  });

  it('reports the files of a renamed subfolder under their new paths', async () => {
    const from = join(dir, 'inbox');
    await mkdir(from);
    await writeFile(join(from, 'x.txt'), 'Discharge summary');
    await rec.until((all) => all.upserts.includes(join(from, 'x.txt')));
    await settle();
    rec.reset();
    await rename(from, join(dir, 'filed'));
    const all = await rec.until((a) => a.upserts.length === 1 && a.removals.length === 1);
    expect(all).toEqual({ upserts: [join(dir, 'filed', 'x.txt')], removals: [join(from, 'x.txt')] });
  });

  it('ignores unsupported, hidden and lock files, and batches a burst of changes', async () => {
    await writeFile(join(dir, 'photo.jpg'), 'not a note');
    await writeFile(join(dir, '.hidden.txt'), 'hidden');
    await writeFile(join(dir, '~$letter.docx'), 'Word lock file');
    const burst = Array.from({ length: 20 }, (_v, i) => join(dir, `n${String(i).padStart(2, '0')}.txt`));
    for (const f of burst) await writeFile(f, `note ${f}`);
    const all = await rec.until((a) => a.upserts.length >= burst.length);
    await settle();
    expect(rec.all()).toEqual({ upserts: burst, removals: [] });
    expect(all.upserts).toEqual(burst);
    expect(rec.batches.length).toBeLessThan(5);
  });

  it('stops reporting a folder after unwatch and after close', async () => {
    await watcher.unwatch(dir);
    expect(watcher.folders).toEqual([]);
    await writeFile(join(dir, 'late.txt'), 'after unwatch');
    await settle(800);
    expect(rec.batches).toEqual([]);
    await watcher.watch(dir);
    await watcher.close();
    await writeFile(join(dir, 'later.txt'), 'after close');
    await settle(800);
    expect(rec.batches).toEqual([]);
  });

  it('runs one batch at a time and reports a failing handler to onError', async () => {
    const errors: Error[] = [];
    let running = 0;
    let overlapped = false;
    const seen: string[] = [];
    const slow = new FolderWatcher({
      debounceMs: 50,
      stabilityMs: 100,
      onError: (e) => errors.push(e),
      onChanges: async (c) => {
        overlapped ||= running > 0;
        running++;
        seen.push(...c.upserts);
        await settle(400);
        running--;
        if (seen.length === 1) throw new Error('index busy');
      },
    });
    await slow.watch(dir);
    try {
      await writeFile(join(dir, 'one.txt'), 'one');
      await settle(300);
      await writeFile(join(dir, 'two.txt'), 'two');
      const deadline = Date.now() + 10_000;
      while (seen.length < 2 && Date.now() < deadline) await settle(100);
      expect(seen.sort()).toEqual([join(dir, 'one.txt'), join(dir, 'two.txt')]);
      expect(overlapped).toBe(false);
      expect(errors.map((e) => e.message)).toEqual(['index busy']);
    } finally {
      await slow.close();
    }
  });
});
