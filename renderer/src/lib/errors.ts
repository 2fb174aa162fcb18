import { EngineError, toErrorData } from '../../../electron/shared/result';
import type { ErrorKind } from '../../../electron/shared/result';

/** An error as a person reads it: what happened, what to do next, and the engine's own words as detail. */
export interface Problem {
  kind: ErrorKind;
  title: string;
  /** What to do about it, when we know better than the raw message. */
  advice?: string;
  /** A command to run, shown as code the person can copy. */
  command?: string;
  detail: string;
}

export function describeError(err: unknown): Problem {
  const data = err instanceof EngineError ? err.toData() : toErrorData(err);
  const detail = data.message;
  switch (data.kind) {
    case 'ModelMissing':
      return {
        kind: data.kind,
        title: 'No search model is installed',
        advice:
          'Searching and importing need an embedding model on this computer. Import a model folder (an ONNX model with its tokenizer.json) with this command, then try again:',
        command: 'clinote model import <folder>',
        detail,
      };
    case 'BadInput':
      return { kind: data.kind, title: 'That request could not be used', detail };
    case 'UnsupportedFile':
      return { kind: data.kind, title: 'This kind of file is not supported', detail };
    case 'FileUnreadable':
      return { kind: data.kind, title: 'The file could not be read', detail };
    case 'Encrypted':
      return {
        kind: data.kind,
        title: 'The file is password-protected',
        advice: 'Open it with its password and save an unprotected copy, then import that.',
        detail,
      };
    case 'StoreCorrupt':
      return {
        kind: data.kind,
        title: 'The search index is damaged',
        advice: 'Your original files are untouched; importing them again rebuilds the index.',
        detail,
      };
    case 'Cancelled':
      return { kind: data.kind, title: 'Cancelled', detail };
    case 'Offline':
      return { kind: data.kind, title: 'This needs a network connection', detail };
    case 'Internal':
      return { kind: data.kind, title: 'Something went wrong in the engine', detail };
  }
}
