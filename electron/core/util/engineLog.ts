import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a log line may say: an event name and facts that are never note text. */
export interface LogFields {
  path?: string;
  /** An error kind (ERROR_KINDS), never an error message: messages can quote the file's content. */
  kind?: string;
  [count: string]: string | number | undefined;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** The log file of a data folder: where crashes, failures and set-aside files are told, for a person or support. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'engine.log');
}

const MAX_BYTES = 1024 * 1024;
const KEEP = 2;
// A field value is a path, a kind or a number: anything longer than a path is not one of those.
const MAX_VALUE = 1024;

/**
 * The engine's log file in the data folder: one line per event with a timestamp, the event's name and fields such as
 * a path and an error kind. Never note text, never error messages (a JSON parse error quotes the file). Rotated at
 * 1 MB, keeping two old files (engine.1.log, engine.2.log), so it never grows without bound. Lines are written
 * synchronously: the line naming a file must be on disk before the engine goes on to the work that may crash it.
 */
export class EngineLog {
  private size: number;

  constructor(readonly file: string) {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    this.size = fileSize(file);
  }

  write(level: LogLevel, event: string, fields: LogFields = {}): void {
    const parts = [new Date().toISOString(), level, event];
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined || !/^[a-zA-Z]+$/.test(key)) continue;
      parts.push(`${key}=${JSON.stringify(typeof value === 'number' ? value : String(value).slice(0, MAX_VALUE))}`);
    }
    const line = `${parts.join(' ')}\n`;
    try {
      if (this.size + line.length > MAX_BYTES) this.rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.size += Buffer.byteLength(line);
    } catch {
      // A log that can't be written (full disk, read-only folder) must never stop the engine.
    }
  }

  private rotate(): void {
    for (let i = KEEP; i >= 1; i--) {
      const from = i === 1 ? this.file : this.file.replace(/\.log$/, `.${i - 1}.log`);
      try {
        renameSync(from, this.file.replace(/\.log$/, `.${i}.log`));
      } catch {
        // Not there yet.
      }
    }
    this.size = 0;
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
