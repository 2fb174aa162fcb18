import { createHash } from 'node:crypto';

/**
 * One audit line: JSON whose last member is "hash", the SHA-256 of the same line's text without that member. Each
 * entry names the hash of the one before it (`prev`; GENESIS for the first) and carries a sequence number, so an
 * edited, removed, inserted or reordered line breaks the chain. The hash is over the exact bytes written, never over
 * a re-serialisation, so verification does not depend on how a JSON library orders or formats members.
 */
export interface AuditEntry {
  seq: number;
  /** ISO-8601 UTC. */
  time: string;
  /** The operating-system account the engine ran as. */
  user: string;
  event: AuditEvent;
  details: Record<string, unknown>;
  prev: string;
  hash: string;
}

export type AuditEvent =
  | 'import'
  | 'import.done'
  | 'search'
  | 'document.text'
  | 'document.bytes'
  | 'document.remove'
  | 'document.reindex'
  | 'model.switch'
  | 'model.activated'
  | 'audit.opened'
  | 'audit.torn';

export const GENESIS = '0'.repeat(64);
const LINE = /^(\{.*),"hash":"([0-9a-f]{64})"\}$/;

export const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

/** The line to append (with its trailing newline) and its hash. */
export function formatEntry(fields: Omit<AuditEntry, 'hash'>): { line: string; hash: string } {
  const body = JSON.stringify({
    seq: fields.seq,
    time: fields.time,
    user: fields.user,
    event: fields.event,
    details: fields.details,
    prev: fields.prev,
  });
  const hash = sha256(body);
  return { line: `${body.slice(0, -1)},"hash":"${hash}"}\n`, hash };
}

export type ParsedLine =
  | { ok: true; entry: AuditEntry }
  /** `claimed`: the seq and hash an edited line still states, so the chain check can go on past it. */
  | { ok: false; reason: string; claimed?: { seq: number; hash: string } };

/** Checks one line on its own: well formed, and its hash matches its text. */
export function parseLine(line: string): ParsedLine {
  const m = LINE.exec(line);
  if (!m) return { ok: false, reason: 'not a complete audit entry' };
  const body = `${m[1]}}`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const e = value as Partial<AuditEntry>;
  if (sha256(body) !== m[2]) {
    const claimed = Number.isSafeInteger(e.seq) ? { seq: e.seq!, hash: m[2]! } : undefined;
    return { ok: false, reason: 'its content does not match its hash (edited)', claimed };
  }
  if (!Number.isSafeInteger(e.seq) || typeof e.time !== 'string' || typeof e.event !== 'string')
    return { ok: false, reason: 'missing seq, time or event' };
  if (typeof e.prev !== 'string' || typeof e.details !== 'object' || e.details === null)
    return { ok: false, reason: 'missing prev or details' };
  return { ok: true, entry: { ...(e as Omit<AuditEntry, 'hash'>), hash: m[2]! } };
}
