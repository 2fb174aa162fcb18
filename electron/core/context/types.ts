import type { ContextLabel } from '../../shared/types';

/** The assertion a clinical note makes about a mention (ConText, Harkema et al. 2009), folded into one label. */
export type { ContextLabel };

/** Labels a trigger or a section can give; 'affirmed' is what remains when nothing applies. */
export type ModifierLabel = Exclude<ContextLabel, 'affirmed'>;

/** What put a stretch of text under a label: a trigger phrase in the text, or the section heading in force. */
export type ContextCause =
  { kind: 'trigger'; start: number; end: number; text: string } | { kind: 'section'; name: string };

/** A stretch of text (offsets into the input, end exclusive) that carries a non-affirmed label. */
export interface ContextSpan {
  start: number;
  end: number;
  label: ModifierLabel;
  cause: ContextCause;
}

export interface DetectOptions {
  /** Section heading in force where the text starts (e.g. "FAMILY HISTORY"), as `ingest/sections.ts` names it. */
  section?: string;
}

/** When several labels cover one mention the first in this list wins: who has the condition first, then whether. */
export const PRECEDENCE: readonly ModifierLabel[] = ['family', 'negated', 'hypothetical', 'possible', 'historical'];
