import { open, readFile, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../shared/result';
import type { Logger } from '../util/logger';
import type { AuditEvent } from './entry';
import { formatEntry, GENESIS, parseLine, sha256 } from './entry';

export const AUDIT_FILE = 'audit.log';

/** The account name, as the OS reports it; the environment's word only when the OS has no entry for the uid. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

interface Head {
  seq: number;
  hash: string;
  /** The file's size after our last append: another size means another process wrote, so re-read the tail. */
  size: number;
}

/**
 * The append-only, hash-chained audit log in the data folder: who imported, searched, opened, removed or switched
 * what, and when. Each append is one write of one line to a file opened for appending, then an fsync, before the
 * action it records returns. Entries hold ids, paths, counts and the search text, never note text. A failed append
 * fails the action: access that cannot be recorded is not given.
 */
export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    private fd: FileHandle,
    private head: Head,
    private readonly user: string,
    private readonly log?: Logger,
  ) {}

  static async open(dataDir: string, log?: Logger): Promise<AuditLog> {
    const file = join(dataDir, AUDIT_FILE);
    const fd = await open(file, 'a', 0o600);
    try {
      const audit = new AuditLog(file, fd, { seq: 0, hash: GENESIS, size: -1 }, osUser(), log);
      await audit.record('audit.opened', { pid: process.pid });
      return audit;
    } catch (err) {
      await fd.close();
      throw err;
    }
  }

  /** Appends one entry and makes it durable. Calls are serialised: the chain has one order. */
  record(event: AuditEvent, details: Record<string, unknown>): Promise<void> {
    const next = this.queue.then(() => this.append(event, details));
    this.queue = next.catch(() => undefined);
    return next.catch((err: Error) => {
      throw new EngineError('Internal', `Could not write the audit log ${this.file}: ${err.message}`, this.file);
    });
  }

  async close(): Promise<void> {
    await this.queue;
    await this.fd.close();
  }

  private async append(event: AuditEvent, details: Record<string, unknown>): Promise<void> {
    if ((await stat(this.file)).size !== this.head.size) {
      const torn = await this.readHead();
      if (torn) {
        this.log?.warn(
          `audit log: the last entry was cut off by a crash (${String(torn.bytes)} bytes); kept, recorded`,
        );
        await this.fd.appendFile('\n');
        await this.write('audit.torn', torn);
      }
    }
    await this.write(event, details);
  }

  private async write(event: AuditEvent, details: Record<string, unknown>): Promise<void> {
    const seq = this.head.seq + 1;
    const time = new Date().toISOString();
    const { line, hash } = formatEntry({ seq, time, user: this.user, event, details, prev: this.head.hash });
    await this.fd.appendFile(line);
    await this.fd.sync();
    this.head = { seq, hash, size: this.head.size + Buffer.byteLength(line) };
  }

  /**
   * Finds the last complete entry (the chain continues from it). Returns what a crash left after it: a line without
   * its newline, which stays in the file and is acknowledged by the next entry rather than silently dropped.
   */
  private async readHead(): Promise<Record<string, unknown> | undefined> {
    const text = await readFile(this.file, 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop()!;
    this.head = { seq: 0, hash: GENESIS, size: Buffer.byteLength(text) };
    for (let i = lines.length - 1; i >= 0; i--) {
      const parsed = parseLine(lines[i]!);
      if (parsed.ok) {
        this.head = { ...this.head, seq: parsed.entry.seq, hash: parsed.entry.hash };
        break;
      }
    }
    if (tail === '') return undefined;
    const whole = parseLine(tail);
    if (whole.ok) {
      // Cut off just before its newline: the entry itself is complete.
      await this.fd.appendFile('\n');
      this.head = { seq: whole.entry.seq, hash: whole.entry.hash, size: this.head.size + 1 };
      return undefined;
    }
    this.head.size += 1;
    return { line: lines.length + 1, bytes: Buffer.byteLength(tail), sha256: sha256(tail) };
  }
}
