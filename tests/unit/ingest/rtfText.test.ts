import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rtfToText } from '../../../electron/core/ingest/formats/rtfText';

const rtf = (s: string) => rtfToText(new Uint8Array(Buffer.from(s, 'latin1')));

describe('rtfToText', () => {
  it('keeps body text and turns \\par and \\line into line breaks', () => {
    expect(rtf('{\\rtf1\\ansi Chest pain\\par Onset 2 h ago.\\line Radiates to jaw.}')).toBe(
      'Chest pain\nOnset 2 h ago.\nRadiates to jaw.',
    );
  });

  it('drops the tables and metadata destinations, pictures, objects and any \\* destination', () => {
    const doc =
      '{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red255\\green0\\blue0;}{\\stylesheet{\\s1 Heading 1;}}' +
      '{\\info{\\title Secret title}{\\author Someone}}{\\*\\generator Writer 1.0;}' +
      '{\\pict\\pngblip 89504e470d0a}{\\object{\\*\\objdata 0105}}{\\*\\unknowndest hidden}Visible text.}';
    expect(rtf(doc)).toBe('Visible text.');
  });

  it("decodes \\'hh in the document code page and in a font's charset", () => {
    expect(rtf("{\\rtf1\\ansi\\ansicpg1252 Fran\\'e7oise, 38.5\\'b0C}")).toBe('Françoise, 38.5°C');
    const cyr =
      "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset204 Arial Cyr;}}\\f0 ok {\\f1 \\'c4\\'e0}}";
    expect(rtf(cyr)).toBe('ok Да');
    expect(rtf("{\\rtf1\\ansi\\ansicpg1250 \\'9a\\'e8}")).toBe('šč');
  });

  it('decodes \\uN, skipping its fallback characters as \\ucN says', () => {
    expect(rtf('{\\rtf1 5 \\u181?g}')).toBe('5 µg');
    expect(rtf("{\\rtf1\\uc1 \\u8805\\'3f 2}")).toBe('≥ 2');
    expect(rtf('{\\rtf1\\uc2 \\u8211xx dash}')).toBe('– dash');
    expect(rtf('{\\rtf1 \\u-3913?}')).toBe('\uf0b7');
    // A surrogate pair written as two negative \u values.
    expect(rtf('{\\rtf1 \\u-10179?\\u-8704?}')).toBe('😀');
  });

  it('keeps field results but not field instructions, and escaped braces and backslashes', () => {
    const doc = '{\\rtf1 See {\\field{\\*\\fldinst HYPERLINK "http://x"}{\\fldrslt protocol}} \\{a\\} \\\\ end}';
    expect(rtf(doc)).toBe('See protocol {a} \\ end');
  });

  it('separates table cells and skips \\bin data and hidden text', () => {
    expect(rtf('{\\rtf1 \\trowd\\cellx100\\cellx200 Drug\\cell Dose\\cell\\row Next}')).toBe('Drug | Dose\nNext');
    expect(rtf('{\\rtf1 A{\\bin4 }{}\\}B}')).toBe('AB');
    expect(rtf('{\\rtf1 shown {\\v hidden}\\v0 again}')).toBe('shown again');
  });

  it('maps typographic control words and ignores source line breaks', () => {
    expect(rtf('{\\rtf1 a\\emdash b\\endash c \\lquote q\\rquote  \\ldblquote d\\rdblquote\r\n e\\~f\\_g}')).toBe(
      'a—b–c ‘q’ “d” e f-g',
    );
  });

  it('converts the dictation fixture', () => {
    const bytes = readFileSync(resolve(import.meta.dirname, '../../fixtures/ingest/operative_report.rtf'));
    const text = rtfToText(new Uint8Array(bytes));
    expect(text).toContain('PATIENT NAME: Françoise Delacroix');
    expect(text).toContain('Laparoscopic cholecystectomy – uncomplicated.');
    expect(text).toContain('Dosage µg units and ≥ 2 stones.');
    expect(text).toContain('Пациент согласен.');
    expect(text).not.toMatch(/Calibri|Dictation System|wmetafile|HYPERLINK|0100090000/);
  });
});
