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

/** Markup to plain text: blocks become lines, list items get a dash, table cells are separated by " | ". */
export function markupToText(markup: string): string {
  const tag = (names: string) => new RegExp(`</?(?:[\\w-]+:)?(?:${names})\\b[^>]*>`, 'gi');
  const text = markup
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, inner: string) => inner.replace(/</g, '&lt;'))
    .replace(/<(script|style|head|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    // Source line breaks mean nothing in markup; only tags make lines.
    .replace(/\s*\n\s*/g, ' ')
    .replace(/<(?:[\w-]+:)?br\b[^>]*>/gi, '\n')
    .replace(/<(?:[\w-]+:)?(?:li|item)\b[^>]*>/gi, '\n- ')
    .replace(/<\/(?:[\w-]+:)?t[dh]\s*>\s*(?=<(?:[\w-]+:)?t[dh]\b)/gi, ' | ')
    .replace(tag(PARAGRAPH), PARA_MARK)
    .replace(tag(LINE), '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/[ \t\f\v\r]+/g, ' ')
    // Nested blocks make runs of breaks: a run with a paragraph edge in it is one blank line, else one newline.
    .replace(/\s*[\n\u2029]\s*/g, (run) => (run.includes(PARA_MARK) ? '\n\n' : '\n'));
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
    .replace(/\s*[,;]\s*/g, ' / ')
    .replace(/[^A-Z0-9 /&()'-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
  return clean ? `${clean}:` : '';
}
