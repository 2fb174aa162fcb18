import { tidyLines } from './markupText';
import { CHARSET_CODEPAGE, SKIP_DESTINATIONS, SYMBOLS, decoderFor } from './rtfTables';

/**
 * RTF to plain text. The npm RTF packages either only de-encapsulate Outlook RTF (rtf-stream-parser) or are
 * unmaintained stream parsers with old dependencies (rtf-parser, @iarna/rtf-to-html), so this is a small
 * interpreter of the parts of RTF 1.9 that carry text: groups, control words and symbols, \'hh bytes in the
 * document's or the font's code page (via TextDecoder, which knows the Windows code pages), \uN with its \ucN
 * fallback skipping, \binN, and the destinations that hold no body text (font/colour/style tables, info, pictures,
 * objects, field instructions, any \* destination).
 */

interface Group {
  skip: boolean;
  /** Characters to drop after \uN (the ANSI fallback), set by \ucN. */
  uc: number;
  font: number;
  hidden: boolean;
  inFontTable: boolean;
}

class Interpreter {
  private out: string[] = [];
  private bytes: number[] = [];
  private group: Group = { skip: false, uc: 1, font: -1, hidden: false, inFontTable: false };
  private readonly stack: Group[] = [];
  private codepage = 1252;
  private defaultFont = 0;
  private readonly fontCodepage = new Map<number, number>();
  private tableFont = 0;
  private fallbackLeft = 0;
  /** The next control word names the group's destination (it directly follows "{" or "{\*"). */
  private atGroupStart = false;
  private ignorable = false;

  text(): string {
    this.flush();
    return this.out.join('');
  }

  openGroup(): void {
    this.flush();
    this.stack.push(this.group);
    this.group = { ...this.group };
    this.atGroupStart = true;
    this.ignorable = false;
    this.fallbackLeft = 0;
  }

  closeGroup(): void {
    this.flush();
    this.group = this.stack.pop() ?? this.group;
    this.atGroupStart = false;
    this.fallbackLeft = 0;
  }

  byte(b: number): void {
    this.atGroupStart = false;
    if (this.fallbackLeft > 0) {
      this.fallbackLeft--;
      return;
    }
    if (!this.visible()) return;
    this.bytes.push(b);
  }

  char(c: string): void {
    this.atGroupStart = false;
    if (this.fallbackLeft > 0) {
      this.fallbackLeft--;
      return;
    }
    this.emit(c);
  }

  symbol(c: string): void {
    if (c === '*') {
      this.ignorable = true;
      return;
    }
    this.atGroupStart = false;
    if (c === '\\' || c === '{' || c === '}') this.char(c);
    else if (c === '~') this.char(' ');
    else if (c === '_') this.char('-');
    else if (c === '\n' || c === '\r') this.emit('\n');
  }

  word(name: string, param: number | undefined): void {
    this.flush();
    if (this.atGroupStart) {
      this.atGroupStart = false;
      if (this.ignorable || SKIP_DESTINATIONS.has(name)) this.group.skip = true;
      if (name === 'fonttbl') this.group.inFontTable = true;
    }
    if (this.group.inFontTable) return this.fontTableWord(name, param);
    if (this.fallbackLeft > 0 && name !== 'u') {
      this.fallbackLeft--;
      return;
    }
    switch (name) {
      case 'u':
        this.emit(String.fromCharCode(((param ?? 0) + 65536) % 65536));
        this.fallbackLeft = this.group.uc;
        return;
      case 'uc':
        this.group.uc = param ?? 1;
        return;
      case 'ansicpg':
        if (param) this.codepage = param;
        return;
      case 'deff':
        this.defaultFont = param ?? 0;
        return;
      case 'f':
        this.group.font = param ?? 0;
        return;
      case 'v':
        this.group.hidden = param !== 0;
        return;
      default: {
        const s = SYMBOLS[name];
        if (s) this.emit(s);
      }
    }
  }

  private fontTableWord(name: string, param: number | undefined): void {
    if (name === 'f') this.tableFont = param ?? 0;
    else if ((name === 'fcharset' || name === 'cpg') && param !== undefined) {
      const cp = name === 'cpg' ? param : CHARSET_CODEPAGE[param];
      if (cp) this.fontCodepage.set(this.tableFont, cp);
    }
  }

  private visible(): boolean {
    return !this.group.skip && !this.group.hidden;
  }

  private emit(s: string): void {
    if (!this.visible()) return;
    this.flush();
    this.out.push(s);
  }

  private flush(): void {
    if (this.bytes.length === 0) return;
    const font = this.group.font >= 0 ? this.group.font : this.defaultFont;
    const cp = this.fontCodepage.get(font) ?? this.codepage;
    this.out.push(decoderFor(cp).decode(new Uint8Array(this.bytes)));
    this.bytes = [];
  }
}

const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The text of an RTF document given as its raw bytes (RTF is a 7-bit format whose 8-bit text is escaped). */
export function rtfToText(bytes: Uint8Array): string {
  const it = new Interpreter();
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c === 0x7b /* { */) {
      it.openGroup();
      i++;
    } else if (c === 0x7d /* } */) {
      it.closeGroup();
      i++;
    } else if (c === 0x5c /* \ */) {
      i = controlAt(bytes, i + 1, it);
    } else {
      // Source line breaks are not text in RTF; bytes above 0x7f should be escaped but some writers don't.
      if (c !== 0x0a && c !== 0x0d) {
        if (c >= 0x80) it.byte(c);
        else it.char(String.fromCharCode(c));
      }
      i++;
    }
  }
  // A table row's last \cell leaves a separator with nothing after it.
  return tidyLines(it.text().replace(/ \| *(?=\n|$)/g, ''));
}

function controlAt(bytes: Uint8Array, start: number, it: Interpreter): number {
  let i = start;
  const first = bytes[i];
  if (first === undefined) return i;
  if (!isLetter(first)) {
    if (first === 0x27 /* ' */) {
      const hex = String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0);
      if (/^[0-9a-f]{2}$/i.test(hex)) it.byte(parseInt(hex, 16));
      return i + 3;
    }
    it.symbol(String.fromCharCode(first));
    return i + 1;
  }
  let name = '';
  while (i < bytes.length && isLetter(bytes[i]!) && name.length < 32) name += String.fromCharCode(bytes[i++]!);
  let digits = '';
  if (bytes[i] === 0x2d /* - */ && isDigit(bytes[i + 1] ?? 0)) digits += String.fromCharCode(bytes[i++]!);
  while (i < bytes.length && isDigit(bytes[i]!) && digits.length < 11) digits += String.fromCharCode(bytes[i++]!);
  const param = digits ? Number(digits) : undefined;
  if (bytes[i] === 0x20) i++; // the delimiting space belongs to the control word
  if (name === 'bin') return i + Math.max(0, param ?? 0); // raw binary data, never text
  it.word(name, param);
  return i;
}
