import { decodeHTML } from 'entities';
/**
 * Readable text from the markup clinical formats carry: FHIR narrative XHTML, text/html attachments and the C-CDA
 * narrative block (paragraph, list/item, table/tr/td, content, br). Tolerant by design: HTML attachments are often
 * not well-formed, so this works on tags as text rather than on a parsed tree.
 */

// Elements that stand apart as paragraphs (a blank line around them) and those that only start a new line (rows,
// list items, captions); C-CDA's own narrative elements (paragraph, list, item) are in the lists too.
const PARAGRAPH =
  'address|article|aside|blockquote|body|dl|fieldset|figure|footer|form|h[1-6]|header|hr|html|main|nav|ol|p|pre|section|table|ul|paragraph|list|title';
const LINE = 'caption|dd|div|dt|figcaption|li|tbody|tfoot|thead|tr|item';
// Unicode's paragraph separator: \s matches it, and markup text has no use for it.
const PARA_MARK = '\u2029';

/** Collapses runs of spaces inside lines and of blank lines between them; trims each line. */
export function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Every stretch from `open` to the next `close`, replaced; an `open` with no `close` after it ends the search (a
 * lazy `open[\s\S]*?close` pattern would rescan the rest of the text from every later `open`: quadratic).
 */
function replaceBetween(text: string, open: RegExp, close: RegExp, replace: (inner: string) => string): string {
  const parts: string[] = [];
  const opener = new RegExp(open.source, `${open.flags.replace('g', '')}g`);
  const closer = new RegExp(close.source, `${close.flags.replace('g', '')}g`);
  let at = 0;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    closer.lastIndex = opener.lastIndex;
    const end = closer.exec(text);
    if (!end) break;
    parts.push(text.slice(at, m.index), replace(text.slice(opener.lastIndex, end.index)));
    at = opener.lastIndex = closer.lastIndex;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * `re` (which must match tags: "<" ... ">") applied only up to the last ">": a tag pattern with `[^>]*` scans to the
 * end of the text from every "<" that no ">" follows, so a run of "<" would take quadratic time.
 */
function replaceTags(text: string, re: RegExp, replacement: string): string {
  const end = text.lastIndexOf('>') + 1;
  return text.slice(0, end).replace(re, replacement) + text.slice(end);
}

/** A run of whitespace is kept unless it holds a line break; matched whole, so no space is retried. */
const WHITESPACE = /\s+/g;

/** Markup to plain text: blocks become lines, list items get a dash, table cells are separated by " | ". */
export function markupToText(markup: string): string {
  const tag = (names: string) => new RegExp(`</?(?:[\\w-]+:)?(?:${names})\\b[^>]*>`, 'gi');
  let text = replaceBetween(markup, /<!--/, /-->/, () => '');
  text = replaceBetween(text, /<!\[CDATA\[/, /\]\]>/, (inner) => inner.replace(/</g, '&lt;'));
  for (const name of ['script', 'style', 'head', 'template']) {
    text = replaceBetween(text, new RegExp(`<${name}\\b`, 'i'), new RegExp(`</${name}\\s*>`, 'i'), () => '');
  }
  // Source line breaks mean nothing in markup; only tags make lines.
  text = text.replace(WHITESPACE, (run) => (run.includes('\n') ? ' ' : run));
  text = replaceTags(text, /<(?:[\w-]+:)?br\b[^>]*>/gi, '\n');
  text = replaceTags(text, /<(?:[\w-]+:)?(?:li|item)\b[^>]*>/gi, '\n- ');
  text = text.replace(/<\/(?:[\w-]+:)?t[dh]\s*>\s*(?=<(?:[\w-]+:)?t[dh]\b)/gi, ' | ');
  text = replaceTags(text, tag(PARAGRAPH), PARA_MARK);
  text = replaceTags(text, tag(LINE), '\n');
  text = replaceTags(text, /<[^>]*>/g, '');
  text = text
    .replace(/[ \t\f\v\r]+/g, ' ')
    // Nested blocks make runs of breaks: a run with a paragraph edge in it is one blank line, else one newline.
    .replace(WHITESPACE, (run) => (run.includes(PARA_MARK) ? '\n\n' : run.includes('\n') ? '\n' : run));
  // Entities decode after the tags are gone, so an escaped "&lt;b&gt;" stays text.
  return tidyLines(decodeHTML(text));
}

/**
 * A structured section's title as the heading line the chunker's section detection (sections.ts) recognises in
 * notes: upper case, ending in a colon, within its character set ("Allergies, Alerts" → "ALLERGIES / ALERTS:").
 */
export function headingLine(title: string): string {
  const clean = title
    .toUpperCase()
    // Spaces first, so the separators match one space each: `\s*[,;]\s*` would retry at every space of a run.
    .replace(/\s+/g, ' ')
    .replace(/ ?[,;] ?/g, ' / ')
    .replace(/[^A-Z0-9 /&()'-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
  return clean ? `${clean}:` : '';
}
