import { basename, extname } from 'node:path';
import { EngineError } from '../../../shared/result';
import type { DocMeta } from '../../../shared/types';
import { decodeText } from '../decodeText';
import type { Extraction, Extractor } from '../types';
import { textDocument } from '../types';
import { toIsoDate } from './dates';
import { headingLine, markupToText, tidyLines } from './markupText';
import { rtfToText } from './rtfText';

/**
 * FHIR JSON: a DocumentReference (its inline text attachment), a Composition (its sections' narrative) or a Bundle
 * of them, each its own document. References to a Patient or Practitioner inside the bundle (or contained) are
 * followed for names and the MRN, since exports often give only a reference.
 */

type Res = Record<string, unknown>;

export interface FhirNote {
  /** "" for a lone resource; "entry:<id or 1-based position>" inside a Bundle. */
  key: string;
  title?: string;
  meta: DocMeta;
  text: string;
}

const SSN_SYSTEM = /ssn|2\.16\.840\.1\.113883\.4\.1$/i;

function obj(v: unknown): Res | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Res) : undefined;
}
function arr(v: unknown): Res[] {
  return Array.isArray(v) ? v.map(obj).filter((x): x is Res => !!x) : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

type Resolve = (reference: unknown) => Res | undefined;

function codeableText(c: unknown): string | undefined {
  const cc = obj(c);
  return (
    str(cc?.text) ??
    arr(cc?.coding)
      .map((x) => str(x.display))
      .find(Boolean)
  );
}

export function humanName(resource: Res | undefined): string | undefined {
  const names = arr(resource?.name);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return str(resource?.name);
  const given = Array.isArray(name.given) ? name.given.filter((g) => typeof g === 'string') : [];
  const parts = [...given, name.family].filter((p): p is string => typeof p === 'string' && !!p.trim());
  return str(name.text) ?? (parts.length ? parts.join(' ') : undefined);
}

function recordNumber(patient: Res | undefined, ref: Res | undefined): string | undefined {
  const ids = [...arr(patient?.identifier), ...(obj(ref?.identifier) ? [obj(ref?.identifier)!] : [])].filter(
    (id) => str(id.value) && !SSN_SYSTEM.test(String(id.system ?? '')),
  );
  const mr = ids.find(
    (id) =>
      arr(obj(id.type)?.coding).some((c) => c.code === 'MR') || /mrn|medical record/i.test(codeableText(id.type) ?? ''),
  );
  return str((mr ?? ids[0])?.value);
}

/** Who a reference names: its display, else the referenced resource's name. */
function personName(ref: unknown, resolve: Resolve): string | undefined {
  const r = obj(ref);
  return str(r?.display) ?? humanName(resolve(r?.reference));
}

function patientMeta(subject: unknown, resolve: Resolve, meta: DocMeta): void {
  const ref = obj(subject);
  const patient = resolve(ref?.reference);
  const name = str(ref?.display) ?? humanName(patient);
  if (name) meta.patient = name;
  const mrn = recordNumber(patient, ref);
  if (mrn) meta.mrn = mrn;
}

function attachmentText(att: Res): string | undefined {
  const data = str(att.data);
  if (!data) return undefined;
  const type = String(att.contentType ?? 'text/plain').toLowerCase();
  const bytes = Buffer.from(data, 'base64');
  if (type.includes('rtf')) return rtfToText(bytes);
  if (!type.startsWith('text/') && !type.includes('xhtml')) return undefined;
  const charset = /charset=([\w-]+)/.exec(type)?.[1] ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(charset).decode(bytes);
  } catch {
    text = bytes.toString('utf8');
  }
  return type.includes('html') || type.includes('xml') ? markupToText(text) : tidyLines(text.replace(/\r\n?/g, '\n'));
}

function fromDocumentReference(r: Res, resolve: Resolve): Omit<FhirNote, 'key'> {
  const meta: DocMeta = {};
  const type = codeableText(r.type);
  if (type) meta.noteType = type;
  const date = toIsoDate(r.date) ?? toIsoDate(obj(obj(r.context)?.period)?.start) ?? toIsoDate(r.created);
  if (date) meta.date = date;
  const author = arr(r.author)
    .map((a) => personName(a, resolve))
    .find(Boolean);
  if (author) meta.author = author;
  patientMeta(r.subject, resolve, meta);
  const attachments = arr(r.content)
    .map((c) => obj(c.attachment))
    .filter((a): a is Res => !!a);
  // A note is often attached twice (text and PDF, or plain and HTML): the first readable one is the note.
  const text = attachments.map(attachmentText).find((t) => !!t?.trim()) ?? '';
  const title = str(r.description) ?? attachments.map((a) => str(a.title)).find(Boolean) ?? type;
  return { title, meta, text };
}

function compositionSections(sections: Res[], depth: number): string[] {
  const out: string[] = [];
  for (const s of sections) {
    const title = str(s.title) ?? codeableText(s.code);
    const div = str(obj(s.text)?.div);
    const body = div ? markupToText(div) : '';
    const children = depth < 12 ? compositionSections(arr(s.section), depth + 1) : [];
    if (!body && children.length === 0) continue;
    const own = [title ? headingLine(title) : '', body].filter(Boolean).join('\n');
    out.push(...[own, ...children].filter(Boolean));
  }
  return out;
}

function fromComposition(r: Res, resolve: Resolve): Omit<FhirNote, 'key'> {
  const meta: DocMeta = {};
  const type = codeableText(r.type);
  if (type) meta.noteType = type;
  const date = toIsoDate(r.date);
  if (date) meta.date = date;
  const author = arr(r.author)
    .map((a) => personName(a, resolve))
    .find(Boolean);
  if (author) meta.author = author;
  patientMeta(r.subject, resolve, meta);
  const text = compositionSections(arr(r.section), 0).join('\n\n');
  return { title: str(r.title) ?? type, meta, text };
}

/** Finds resources by "Type/id", a bundle entry's fullUrl ("urn:uuid:..."), or "#id" for contained ones. */
function resolver(bundleEntries: Res[], contained: Res[]): Resolve {
  const byRef = new Map<string, Res>();
  for (const e of bundleEntries) {
    const r = obj(e.resource);
    if (!r) continue;
    if (str(e.fullUrl)) byRef.set(String(e.fullUrl), r);
    if (str(r.id)) byRef.set(`${String(r.resourceType)}/${String(r.id)}`, r);
  }
  for (const r of contained) if (str(r.id)) byRef.set(`#${String(r.id)}`, r);
  return (reference) => {
    const ref = str(reference);
    if (!ref) return undefined;
    // Absolute URLs end in the relative form ("https://host/fhir/Patient/12").
    return byRef.get(ref) ?? byRef.get(ref.split('/').slice(-2).join('/'));
  };
}

function noteOf(r: Res, resolve: Resolve): Omit<FhirNote, 'key'> | undefined {
  const local = resolver([], arr(r.contained));
  const both: Resolve = (ref) => local(ref) ?? resolve(ref);
  if (r.resourceType === 'DocumentReference') return fromDocumentReference(r, both);
  if (r.resourceType === 'Composition') return fromComposition(r, both);
  return undefined;
}

/** The notes in a parsed FHIR resource; a plain Error with the reason when there are none. */
export function parseFhir(json: unknown): FhirNote[] {
  const root = obj(json);
  const kind = str(root?.resourceType);
  if (!root || !kind) throw new Error('JSON without a FHIR "resourceType"');
  if (kind !== 'Bundle') {
    const note = noteOf(root, () => undefined);
    if (!note) throw new Error(`a FHIR ${kind}, not a DocumentReference, Composition or Bundle`);
    return [{ key: '', ...note }];
  }
  const entries = arr(root.entry);
  const resolve = resolver(entries, []);
  const notes: FhirNote[] = [];
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const r = obj(e.resource);
    const note = r ? noteOf(r, resolve) : undefined;
    if (!r || !note?.text.trim()) return;
    let key = `entry:${str(r.id) ?? i + 1}`;
    if (seen.has(key)) key = `entry:${i + 1}`;
    seen.add(key);
    notes.push({ key, ...note });
  });
  if (notes.length === 0)
    throw new Error('a FHIR Bundle with no DocumentReference or Composition that has inline text');
  return notes;
}

export const extractFhir: Extractor = async (file, bytes) => {
  const source = decodeText(file, bytes);
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (err) {
    throw new EngineError('FileUnreadable', `${file}: not valid JSON (${(err as Error).message}).`, file);
  }
  let notes: FhirNote[];
  try {
    notes = parseFhir(json);
  } catch (err) {
    throw new EngineError(
      'UnsupportedFile',
      `${file}: ${(err as Error).message}; only FHIR clinical documents can be imported from .json files.`,
      file,
    );
  }
  if (notes.length === 1 && !notes[0]!.key && !notes[0]!.text.trim()) {
    throw new EngineError(
      'FileUnreadable',
      `${file}: the FHIR resource has no inline text (attachments given only by URL are not fetched; text, HTML and RTF attachments are read).`,
      file,
    );
  }
  const name = basename(file, extname(file));
  return notes.map((n): Extraction =>
    textDocument(
      {
        key: n.key,
        type: 'fhir',
        title: n.title ?? (n.key ? `${name} ${n.key}` : name),
        meta: n.meta,
      },
      n.text,
    ),
  );
};
