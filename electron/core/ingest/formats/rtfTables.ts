import { TextDecoder } from 'node:util';

/** What the RTF interpreter (rtfText.ts) needs to know about control words, destinations and code pages. */

export const SKIP_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'object',
  'objdata',
  'themedata',
  'colorschememapping',
  'latentstyles',
  'datastore',
  'xmlnstbl',
  'listtable',
  'listoverridetable',
  'revtbl',
  'rsidtbl',
  'generator',
  'fldinst',
  'filetbl',
  'pgdsctbl',
  'template',
  'userprops',
  'ftnsep',
  'ftnsepc',
  'aftnsep',
  'aftnsepc',
  'nonshppict',
  'private',
]);

export const SYMBOLS: Record<string, string> = {
  par: '\n',
  line: '\n',
  sect: '\n\n',
  page: '\n\n',
  row: '\n',
  cell: ' | ',
  nestcell: ' | ',
  tab: '\t',
  emdash: '—',
  endash: '–',
  bullet: '•',
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  emspace: ' ',
  enspace: ' ',
  qmspace: ' ',
};

// \fcharsetN to a Windows code page; 0 (ANSI) and 1 (default) mean the document's \ansicpg.
export const CHARSET_CODEPAGE: Record<number, number> = {
  77: 10000,
  128: 932,
  129: 949,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
};

const CODEPAGE_LABEL: Record<number, string> = {
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  10000: 'macintosh',
};

const decoders = new Map<number, TextDecoder>();
export function decoderFor(codepage: number): TextDecoder {
  let d = decoders.get(codepage);
  if (!d) {
    const label = CODEPAGE_LABEL[codepage] ?? `windows-${codepage}`;
    try {
      d = new TextDecoder(label);
    } catch {
      d = new TextDecoder('windows-1252'); // an unknown code page still yields its ASCII range correctly
    }
    decoders.set(codepage, d);
  }
  return d;
}
