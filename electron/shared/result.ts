/**
 * Errors cross every process boundary as data with a closed set of kinds, so the UI and the CLI can branch on the
 * kind and show a message a person can act on. Nothing here may import node:*, the DOM or electron.
 */
export const ERROR_KINDS = [
  'ModelMissing',
  'BadInput',
  'UnsupportedFile',
  'FileUnreadable',
  'Encrypted',
  'StoreCorrupt',
  'Cancelled',
  'Offline',
  /** The library's folder is open in another Clinote (the app, or a CLI command). */
  'InUse',
  /** Another writer holds the library (a team library being published from another workstation). */
  'Locked',
  'Internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface EngineErrorData {
  kind: ErrorKind;
  message: string;
  /** The file, field or model the error is about, when there is one. */
  subject?: string;
}

export class EngineError extends Error {
  readonly kind: ErrorKind;
  readonly subject?: string;

  constructor(kind: ErrorKind, message: string, subject?: string) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
    this.subject = subject;
  }

  toData(): EngineErrorData {
    return this.subject === undefined
      ? { kind: this.kind, message: this.message }
      : { kind: this.kind, message: this.message, subject: this.subject };
  }
}

/** Turns anything thrown into error data; unknown throwables become `Internal`. */
export function toErrorData(err: unknown): EngineErrorData {
  if (err instanceof EngineError) return err.toData();
  if (isErrorData(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'Internal', message };
}

export function isErrorData(value: unknown): value is EngineErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && (ERROR_KINDS as readonly unknown[]).includes(v.kind);
}

export function fromErrorData(data: EngineErrorData): EngineError {
  return new EngineError(data.kind, data.message, data.subject);
}
