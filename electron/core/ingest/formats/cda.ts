import { basename, extname } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { EngineError } from '../../../shared/result';
import type { DocMeta } from '../../../shared/types';
import { decodeText } from '../decodeText';
import type { Extractor } from '../types';
import { textDocument } from '../types';
import { toIsoDate } from './dates';
import { headingLine, markupToText, tidyLines } from './markupText';
import { rtfToText } from './rtfText';

/**
 * HL7 C-CDA documents: the human-readable narrative of each section (its title as a heading line such as
 * "HOSPITAL COURSE:", so section filters work as for typed notes, then its text), and the header's date, author,
 * patient, MRN and note type. Coded entries are left out: the narrative is what the clinician wrote and reads, and
 * C-CDA requires it to carry the same facts.
 */

export interface CdaDocument {
  title?: string;
  meta: DocMeta;
  text: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Identifiers such as MRN "00417" must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  // Section narrative is mixed content; kept as raw markup and turned into lines by markupToText.
  stopNodes: ['..section.text'],
  // Character references (&#8211;) in titles and names; section narrative is decoded by markupToText.
  htmlEntities: true,
});

// The US SSN OID: never shown or indexed as a record number.
const SSN_ROOT = '2.16.840.1.113883.4.1';

function list(value: unknown): Node[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) =>
    typeof v === 'object' && v !== null ? (v as Node) : { '#text': v },
  );
}

function first(node: Node | undefined, ...path: string[]): Node | undefined {
  let cur: Node | undefined = node;
  for (const key of path) cur = list(cur?.[key])[0];
  return cur;
}

function textOf(node: Node | undefined): string {
  if (!node) return '';
  const own = node['#text'];
  if (typeof own === 'string' || typeof own === 'number') return String(own).trim();
  return Object.entries(node)
    .filter(([k]) => !k.startsWith('@'))
    .map(([, v]) => list(v).map(textOf).join(' '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function attr(node: Node | undefined, name: string): string | undefined {
  const v = node?.[`@${name}`];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** An HL7 PN: given names, family, suffixes in reading order, or the plain text a name element may hold. */
export function formatName(name: Node | undefined): string | undefined {
  if (!name) return undefined;
  const part = (k: string) => list(name[k]).map(textOf).filter(Boolean);
  const structured = [...part('prefix'), ...part('given'), ...part('family'), ...part('suffix')].join(' ');
  const out = (structured || textOf(name)).replace(/\s+/g, ' ').trim();
  return out || undefined;
}

function recordNumber(patientRole: Node | undefined): string | undefined {
  const ids = list(patientRole?.id).filter((id) => attr(id, 'extension') && attr(id, 'root') !== SSN_ROOT);
  const labelled = ids.find((id) => /mrn|medical record/i.test(attr(id, 'assigningAuthorityName') ?? ''));
  return attr(labelled ?? ids[0], 'extension');
}

function sectionText(section: Node, depth: number): string[] {
  const title = textOf(first(section, 'title'));
  const raw = section.text;
  const narrative = typeof raw === 'string' ? markupToText(raw) : textOf(list(raw)[0]);
  // Subsections nest through component/section; a malicious depth is cut off rather than overflowing the stack.
  const children =
    depth < 12 ? list(section.component).flatMap((c) => list(c.section).flatMap((s) => sectionText(s, depth + 1))) : [];
  // A title with nothing under it (an empty "Follow-up" section) is noise in search results.
  if (!narrative && children.length === 0) return [];
  const own = [title ? headingLine(title) : '', narrative].filter(Boolean).join('\n');
  return [own, ...children].filter(Boolean);
}

function nonXmlBodyText(body: Node): string {
  const text = first(body, 'text');
  if (!text) return '';
  const media = (attr(text, 'mediaType') ?? 'text/plain').toLowerCase();
  const raw = String(text['#text'] ?? '');
  const bytes = attr(text, 'representation') === 'B64' ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (media.includes('rtf')) return rtfToText(bytes);
  const decoded = bytes.toString('utf8');
  if (media.includes('html') || media.includes('xml')) return markupToText(decoded);
  if (media.startsWith('text/')) return tidyLines(decoded);
  return '';
}

/** The root element's local name, for the "not a C-CDA" message. */
function rootName(parsed: Node): string | undefined {
  return Object.keys(parsed).find((k) => !k.startsWith('?') && !k.startsWith('#'));
}

/** Parses C-CDA XML; throws a plain Error naming the root when it is some other XML. */
export function parseCda(xml: string): CdaDocument {
  const parsed = parser.parse(xml) as Node;
  const root = first(parsed, 'ClinicalDocument');
  if (!root) throw new NotCdaError(rootName(parsed));
  const title = textOf(first(root, 'title')) || undefined;
  const code = first(root, 'code');
  const meta: DocMeta = {};
  const noteType = attr(code, 'displayName') ?? title;
  if (noteType) meta.noteType = noteType;
  const date = toIsoDate(attr(first(root, 'effectiveTime'), 'value'));
  if (date) meta.date = date;
  const author = formatName(first(root, 'author', 'assignedAuthor', 'assignedPerson', 'name'));
  if (author) meta.author = author;
  const patientRole = first(root, 'recordTarget', 'patientRole');
  const patient = formatName(first(patientRole, 'patient', 'name'));
  if (patient) meta.patient = patient;
  const mrn = recordNumber(patientRole);
  if (mrn) meta.mrn = mrn;
  const parts: string[] = [];
  for (const component of list(root.component)) {
    for (const body of list(component.structuredBody)) {
      for (const c of list(body.component)) for (const s of list(c.section)) parts.push(...sectionText(s, 0));
    }
    for (const body of list(component.nonXMLBody)) parts.push(nonXmlBodyText(body));
  }
  return { title, meta, text: parts.filter(Boolean).join('\n\n') };
}

export class NotCdaError extends Error {
  constructor(readonly root: string | undefined) {
    super(root ? `root element <${root}>` : 'no root element');
  }
}

/** XML text in the encoding its declaration names (UTF-8 unless it says otherwise). */
function decodeXml(file: string, bytes: Uint8Array): string {
  const decl = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(
    new TextDecoder('latin1').decode(bytes.subarray(0, 200)),
  );
  const enc = decl?.[1]?.toLowerCase();
  if (!enc || enc === 'utf-8' || enc === 'utf8' || enc.startsWith('utf-16')) return decodeText(file, bytes);
  try {
    return new TextDecoder(enc).decode(bytes);
  } catch {
    throw new EngineError(
      'FileUnreadable',
      `${file}: the XML declares an encoding this app can't read ("${enc}").`,
      file,
    );
  }
}

export const extractCda: Extractor = async (file, bytes) => {
  const xml = decodeXml(file, bytes);
  let doc: CdaDocument;
  try {
    doc = parseCda(xml);
  } catch (err) {
    if (err instanceof NotCdaError) {
      throw new EngineError(
        'UnsupportedFile',
        `${file}: an XML file with ${err.message}, not an HL7 C-CDA <ClinicalDocument>; only C-CDA XML documents can be imported.`,
        file,
      );
    }
    throw new EngineError('FileUnreadable', `${file}: not well-formed XML (${(err as Error).message}).`, file);
  }
  if (!doc.text.trim())
    throw new EngineError('FileUnreadable', `${file}: the C-CDA document has no narrative text to import.`, file);
  return [
    textDocument(
      {
        key: '',
        type: 'cda',
        title: doc.title ?? basename(file, extname(file)),
        meta: doc.meta,
      },
      doc.text,
    ),
  ];
};
