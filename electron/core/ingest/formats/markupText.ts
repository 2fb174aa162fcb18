/**
 * Readable text from the markup clinical formats carry: FHIR narrative XHTML, text/html attachments and the C-CDA
 * narrative block (paragraph, list/item, table/tr/td, content, br). Tolerant by design: HTML attachments are often
 * not well-formed, so this works on tags as text rather than on a parsed tree.
 */

// Elements whose boundaries are line breaks; C-CDA's own narrative elements are in the list too.
const BLOCK =
  'address|article|aside|blockquote|body|caption|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|html|li|main|nav|ol|p|pre|section|table|tbody|tfoot|thead|tr|ul|paragraph|list|item|title';

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  deg: '°',
  plusmn: '±',
  micro: 'µ',
  times: '×',
  divide: '÷',
  le: '≤',
  ge: '≥',
  middot: '·',
  bull: '•',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  frac12: '½',
  frac14: '¼',
  sup2: '²',
  sup3: '³',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

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
  const text = markup
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, inner: string) => inner.replace(/</g, '&lt;'))
    .replace(/<(script|style|head|template)\b[\s\S]*?<\/\1\s*>/gi, '')
    // Source line breaks mean nothing in markup; only tags make lines.
    .replace(/\s*\n\s*/g, ' ')
    .replace(/<(?:[\w-]+:)?br\b[^>]*>/gi, '\n')
    .replace(new RegExp(`<(?:[\\w-]+:)?(?:li|item)\\b[^>]*>`, 'gi'), '\n- ')
    .replace(/<\/(?:[\w-]+:)?t[dh]\s*>\s*(?=<(?:[\w-]+:)?t[dh]\b)/gi, ' | ')
    .replace(new RegExp(`</?(?:[\\w-]+:)?(?:${BLOCK})\\b[^>]*>`, 'gi'), '\n')
    .replace(/<[^>]*>/g, '');
  return tidyLines(decodeEntities(text));
}
