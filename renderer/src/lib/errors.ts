import { EngineError, toErrorData } from '../../../electron/shared/result';
import type { ErrorKind } from '../../../electron/shared/result';

/** An error as a person reads it: what happened and what to do next. */
export interface Problem {
  kind: ErrorKind;
  title: string;
  detail: string;
  /** A command to run, shown as code the person can copy. */
  command?: string;
}

export function describeError(err: unknown): Problem {
  const data = err instanceof EngineError ? err.toData() : toErrorData(err);
  const detail = data.message;
  switch (data.kind) {
    case 'ModelMissing':
      return {
        kind: data.kind,
        title: 'No search model is installed',
        detail: `Searching by meaning needs an embedding model on this computer. Import a model folder (an ONNX model with its tokenizer.json) with the command below, then come back. ${detail}`,
        command: 'clinote model import <folder>',
      };
    case 'BadInput':
      return { kind: data.kind, title: 'That request could not be used', detail };
    case 'UnsupportedFile':
      return { kind: data.kind, title: 'This kind of file is not supported', detail };
    case 'FileUnreadable':
      return { kind: data.kind, title: 'The file could not be read', detail };
    case 'Encrypted':
      return { kind: data.kind, title: 'The file is password-protected', detail };
    case 'StoreCorrupt':
      return {
        kind: data.kind,
        title: 'The search index is damaged',
        detail: `${detail} Your original files are untouched; re-importing them rebuilds the index.`,
      };
    case 'Cancelled':
      return { kind: data.kind, title: 'Cancelled', detail };
    case 'Offline':
      return { kind: data.kind, title: 'This needs a network connection', detail };
    case 'Internal':
      return { kind: data.kind, title: 'Something went wrong in the engine', detail };
  }
}
