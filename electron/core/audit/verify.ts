import { readFile } from 'node:fs/promises';
import { GENESIS, parseLine, sha256 } from './entry';

export type ProblemKind = 'edited' | 'malformed' | 'removed' | 'reordered' | 'torn' | 'truncated';

export interface AuditProblem {
  /** 1-based line number in the log file. */
  line: number;
  kind: ProblemKind;
  message: string;
}

export interface AuditReport {
  file: string;
  entries: number;
  ok: boolean;
  problems: AuditProblem[];
  /** Crash-torn lines that the engine found and acknowledged in the chain when it next opened the log. */
  recovered: { line: number; acknowledgedBy: number }[];
  /** The last entry's number and hash: kept elsewhere, they reveal a later truncation of the log. */
  head?: { seq: number; hash: string };
}

export interface ExpectedHead {
  seq: number;
  hash: string;
}

/** Reads the whole log and checks every entry and every link of the chain. A missing log is an empty one. */
export async function verifyAuditFile(file: string, expectedHead?: ExpectedHead): Promise<AuditReport> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return verifyAuditText(file, text, expectedHead);
}

interface Link {
  line: number;
  seq: number;
  hash: string;
  prev?: string;
  event?: string;
  ack?: string;
}

interface Bad {
  line: number;
  raw: string;
  reason: string;
}

export function verifyAuditText(file: string, text: string, expectedHead?: ExpectedHead): AuditReport {
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  if (complete) lines.pop();
  const links: Link[] = [];
  const bad: Bad[] = [];
  lines.forEach((raw, i) => {
    const parsed = parseLine(raw);
    if (parsed.ok) {
      const { seq, hash, prev, event, details } = parsed.entry;
      links.push({ line: i + 1, seq, hash, prev, event, ack: (details as { sha256?: string }).sha256 });
    } else {
      bad.push({ line: i + 1, raw, reason: parsed.reason });
      // An edited line still says where it stood; following its claim reports the edit once, not twice.
      if (parsed.claimed) links.push({ line: i + 1, ...parsed.claimed });
    }
  });
  const problems = [...badLineProblems(bad, links, complete, lines.length), ...chainProblems(links)];
  const last = links.filter((l) => l.prev !== undefined).at(-1);
  if (expectedHead && (!last || last.seq < expectedHead.seq)) {
    const message = `the log ends at entry ${last?.seq ?? 0}, but entry ${expectedHead.seq} was written`;
    problems.push({ line: lines.length, kind: 'truncated', message });
  }
  problems.sort((a, b) => a.line - b.line);
  const recovered = bad.flatMap((b) => {
    const ack = links.find((l) => l.event === 'audit.torn' && l.line > b.line && l.ack === sha256(b.raw));
    return ack ? [{ line: b.line, acknowledgedBy: ack.seq }] : [];
  });
  const entries = links.filter((l) => l.prev !== undefined).length;
  const head = last ? { seq: last.seq, hash: last.hash } : undefined;
  return { file, entries, ok: problems.length === 0, problems, recovered, head };
}

function badLineProblems(bad: Bad[], links: Link[], complete: boolean, count: number): AuditProblem[] {
  return bad.flatMap(({ line, raw, reason }): AuditProblem[] => {
    if (!complete && line === count)
      return [{ line, kind: 'torn', message: 'the last entry is incomplete: a write was cut off' }];
    const acknowledged = links.some((l) => l.event === 'audit.torn' && l.line > line && l.ack === sha256(raw));
    if (acknowledged) return [];
    if (reason.includes('edited')) return [{ line, kind: 'edited', message: reason }];
    return [{ line, kind: 'malformed', message: `${reason}, and no later entry records it as a torn write` }];
  });
}

function chainProblems(links: Link[]): AuditProblem[] {
  const problems: AuditProblem[] = [];
  const present = new Set(links.map((l) => l.seq));
  let last: Link | undefined;
  for (const link of links) {
    const expectedSeq = (last?.seq ?? 0) + 1;
    const expectedPrev = last?.hash ?? GENESIS;
    const { line, seq } = link;
    if (seq < expectedSeq) {
      problems.push({ line, kind: 'reordered', message: `entry ${seq} comes after entry ${last?.seq}` });
    } else if (seq > expectedSeq) {
      const missing = Array.from({ length: seq - expectedSeq }, (_, k) => expectedSeq + k);
      if (missing.every((s) => present.has(s)))
        problems.push({ line, kind: 'reordered', message: `entry ${seq} comes before entry ${expectedSeq}` });
      else problems.push({ line, kind: 'removed', message: `${describeRange(missing)} missing before entry ${seq}` });
    } else if (link.prev !== undefined && link.prev !== expectedPrev) {
      problems.push({ line, kind: 'edited', message: `entry ${seq} does not follow from the entry before it` });
    }
    if (seq >= expectedSeq) last = link;
  }
  return problems;
}

function describeRange(seqs: number[]): string {
  return seqs.length === 1 ? `entry ${seqs[0]} is` : `entries ${seqs[0]}-${seqs.at(-1)} are`;
}
