import { toErrorData } from '../../../electron/shared/result';
import type { ErrorKind } from '../../../electron/shared/result';
import { modelHelp } from './modelHelp';
import type { Host } from './platform/types';

/** An error as a person reads it: what happened, what to do next, and the engine's own words as detail. */
export interface Problem {
  kind: ErrorKind;
  title: string;
  /** What to do about it, when we know better than the raw message. */
  advice?: string;
  /** A command to run, shown as code the person can copy. */
  command?: string;
  /** The engine's own words; empty when they would only mislead (see ModelMissing). */
  detail: string;
}

/** How a state class turns an error into a Problem for the place it shows it. */
export type Describe = (err: unknown) => Problem;

export function describeError(err: unknown, host: Host['kind'] = 'browser'): Problem {
  const data = toErrorData(err);
  const detail = data.message;
  switch (data.kind) {
    case 'ModelMissing':
      return {
        kind: data.kind,
        title: 'No search model is installed',
        ...modelHelp(host),
        // The engine's message names CLI commands, which the desktop app's users don't have.
        detail: host === 'electron' ? '' : detail,
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
    case 'InUse':
      return {
        kind: data.kind,
        title: 'The library is open in another Clinote',
        advice: 'Close the other Clinote, or the clinote command still running, then restart this one.',
        detail,
      };
    case 'Locked':
      return {
        kind: data.kind,
        title: 'The library is busy',
        advice: 'Another workstation is writing to it; try again when it has finished.',
        detail,
      };
    case 'Internal':
      return { kind: data.kind, title: 'Something went wrong in the engine', detail };
  }
}
