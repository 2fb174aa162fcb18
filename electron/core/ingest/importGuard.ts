import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJson, SerialFile } from '../util/atomicJson';
import type { EngineLog } from '../util/engineLog';

const stateSchema = z.object({
  /** Abnormal ends of the engine while the file was being imported. */
  strikes: z.record(z.string(), z.number().int().min(1)),
  /** Files set aside: the engine died twice while importing them, the second time with nothing else in progress. */
  quarantined: z.record(z.string(), z.object({ at: z.number() })),
});
type State = z.infer<typeof stateSchema>;

/** Strikes that set a file aside. One abnormal end can be a quit or a power cut; two, the second alone, are the file. */
const QUARANTINE_AT = 2;
const TRUNCATE_BYTES = 64 * 1024;

/**
 * Keeps a file that crashes the engine from crashing it again on every start (the import journal re-queues it).
 * Each file is recorded in `importing.log` before it is read and again when it is done; the log is written straight
 * to the file (no buffering in the process), so whatever kills the process, the next start sees which files were in
 * progress. Those get a strike; a file with a strike is imported alone next time, so a second crash names it for
 * certain, and it is then set aside: skipped by the journal and by folder syncs, listed as failed with the reason,
 * until the person imports that file by itself again. A file that imports (or fails with an error) loses its strike.
 * A deliberate stop (`interrupted()`: a quit, Ctrl-C) leaves no strikes.
 */
export class ImportGuard {
  private readonly inFlight = new Map<string, number>();
  private readonly gate = new Gate();
  private written = 0;
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly state: SerialFile<State>,
    private readonly log: EngineLog,
    /** Files set aside at this start, whose failure rows the engine writes. */
    readonly newlyQuarantined: string[],
  ) {}

  static async open(indexDir: string, log: EngineLog): Promise<ImportGuard> {
    const logFile = join(indexDir, 'importing.log');
    const cut = inProgressAt(readText(logFile));
    const stateFile = join(indexDir, 'import-guard.json');
    const fresh: State = { strikes: {}, quarantined: {} };
    const saved = await readJson(stateFile, fresh).then(
      (raw) => stateSchema.parse(raw),
      () => fresh,
    );
    const state = new SerialFile(stateFile, saved);
    const quarantined: string[] = [];
    if (cut.length) {
      log.write('warn', 'engine-stopped-during-import', { files: cut.length });
      await state.update((s) => {
        const next: State = { strikes: { ...s.strikes }, quarantined: { ...s.quarantined } };
        for (const path of cut) {
          const strikes = (next.strikes[path] ?? 0) + 1;
          next.strikes[path] = strikes;
          // A first strike with company proves nothing; only a file in progress alone can be blamed.
          if (strikes >= QUARANTINE_AT && cut.length === 1) {
            next.quarantined[path] = { at: Date.now() };
            quarantined.push(path);
            log.write('error', 'file-quarantined', { path });
          } else log.write('warn', 'file-suspect', { path, strikes });
        }
        return next;
      });
    }
    const fd = openSync(logFile, 'a', 0o600);
    ftruncateSync(fd, 0);
    return new ImportGuard(fd, state, log, quarantined);
  }

  isQuarantined(path: string): boolean {
    return path in this.state.current.quarantined;
  }

  /** A person imported this file by itself: try it again (alone, since its strikes stay until it imports). */
  async release(paths: string[]): Promise<void> {
    const held = paths.filter((p) => this.isQuarantined(p));
    if (held.length === 0) return;
    await this.state.update((s) => {
      const quarantined = { ...s.quarantined };
      for (const p of held) delete quarantined[p];
      return { ...s, quarantined };
    });
    for (const path of held) this.log.write('info', 'file-released', { path });
  }

  /** Runs the import of one file, recorded before and after; a file with strikes runs with nothing else. */
  async run<T>(path: string, work: () => Promise<T>): Promise<T> {
    const suspect = path in this.state.current.strikes;
    const guarded = async () => {
      this.record('+', path);
      try {
        const result = await work();
        if (suspect) await this.clear(path);
        return result;
      } catch (err) {
        if (suspect) await this.clear(path);
        throw err;
      } finally {
        this.record('-', path);
      }
    };
    return suspect ? this.gate.exclusive(guarded) : this.gate.shared(guarded);
  }

  /** The process is being stopped on purpose: the files in progress did not crash it. */
  interrupted(): void {
    this.append('=\n');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private async clear(path: string): Promise<void> {
    await this.state.update((s) => {
      const strikes = { ...s.strikes };
      delete strikes[path];
      return { ...s, strikes };
    });
  }

  private record(mark: '+' | '-', path: string): void {
    const count = (this.inFlight.get(path) ?? 0) + (mark === '+' ? 1 : -1);
    if (count > 0) this.inFlight.set(path, count);
    else this.inFlight.delete(path);
    this.append(`${mark}${JSON.stringify(path)}\n`);
    if (this.inFlight.size === 0 && this.written > TRUNCATE_BYTES && !this.closed) {
      ftruncateSync(this.fd, 0);
      this.written = 0;
    }
  }

  private append(line: string): void {
    if (this.closed) return;
    try {
      this.written += writeSync(this.fd, line);
    } catch {
      // Without the record a crash can't be pinned on a file; the import itself goes on.
    }
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The files a log shows in progress at its end: started, not finished, and no deliberate stop after. */
export function inProgressAt(text: string): string[] {
  const open = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '=') open.clear();
    const mark = line[0];
    if (mark !== '+' && mark !== '-') continue;
    let path: unknown;
    try {
      path = JSON.parse(line.slice(1));
    } catch {
      continue; // a line cut short by the crash
    }
    if (typeof path !== 'string') continue;
    const count = (open.get(path) ?? 0) + (mark === '+' ? 1 : -1);
    if (count > 0) open.set(path, count);
    else open.delete(path);
  }
  return [...open.keys()];
}

/** Many shared holders or one exclusive holder; an exclusive waiter keeps new shared holders out. */
export class Gate {
  private sharedHolders = 0;
  private exclusiveHeld = false;
  private exclusiveWaiting = 0;
  private readonly waiters: Array<() => void> = [];

  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusiveHeld || this.exclusiveWaiting > 0) await this.wait();
    this.sharedHolders++;
    try {
      return await work();
    } finally {
      this.sharedHolders--;
      this.wake();
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.exclusiveWaiting++;
    while (this.exclusiveHeld || this.sharedHolders > 0) await this.wait();
    this.exclusiveWaiting--;
    this.exclusiveHeld = true;
    try {
      return await work();
    } finally {
      this.exclusiveHeld = false;
      this.wake();
    }
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const go of this.waiters.splice(0)) go();
  }
}
