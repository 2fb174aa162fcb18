import { describe, expect, it } from 'vitest';
import { cleanLine, cleanOcrText } from '../../../electron/core/ingest/ocr/cleanOcr';
import { MAX_OCR_PIXELS, ocrScale } from '../../../electron/core/ingest/ocr/renderPage';

/** "word:confidence" pairs, as Tesseract reported them on the scanned test page. */
const line = (spec: string) => ({
  words: spec.split(' ').map((w) => {
    const i = w.lastIndexOf(':');
    return { text: w.slice(0, i), confidence: Number(w.slice(i + 1)) };
  }),
});

describe('cleanLine', () => {
  it('drops junk from a picture before the text', () => {
    expect(cleanLine(line('i:39 Wl:35 2.:11 7:0 Es:10 the:96 branches:96 wouldn’t:0 scrape:96 our:96 heads.:96'))).toBe(
      'the branches wouldn’t scrape our heads.',
    );
    expect(cleanLine(line('b::0 7:77 i:54 TIA:50 =:59 4:12 2):58 0:29 We:86 scrouched:73 down:95'))).toBe(
      'We scrouched down',
    );
  });

  it('keeps faint words at the end when they are not junk on average', () => {
    expect(cleanLine(line('7:14 re:39 tip-toeing:88 down:93 and:29 stood:83'))).toBe('tip-toeing down and stood');
  });

  it('drops a line with no confident run unless its average is tolerable', () => {
    expect(cleanLine(line('Il:33 %:0 1:34 wy:6 A:50 pew,:36 ih:38 A:45 says,:87'))).toBe('');
    expect(cleanLine(line('poor:60 but:55 real:62 scan:58'))).toBe('poor but real scan');
  });

  it('keeps confident one-word lines and clean lines whole', () => {
    expect(cleanLine(line('Impression::91'))).toBe('Impression:');
    expect(cleanLine(line('noticed:96 that:96 thing:96'))).toBe('noticed that thing');
    expect(cleanLine({ words: [] })).toBe('');
  });
});

describe('cleanOcrText', () => {
  it('joins lines, separates paragraphs and leaves out emptied ones', () => {
    const text = cleanOcrText([
      { lines: [line('a:3')] },
      { lines: [line('Chest:95 pain:94'), line('x:10 y:5'), line('since:90 Monday.:92')] },
      { lines: [line('Plan::96 ECG:93')] },
    ]);
    expect(text).toBe('Chest pain\nsince Monday.\n\nPlan: ECG');
  });
});

describe('ocrScale', () => {
  it('renders at 300 dpi unless the page would pass the pixel cap', () => {
    expect(ocrScale(612, 792)).toBeCloseTo(300 / 72);
    const poster = ocrScale(2384, 3370); // A0
    expect(2384 * poster * 3370 * poster).toBeCloseTo(MAX_OCR_PIXELS, -3);
  });
});
