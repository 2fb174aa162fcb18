import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkPage } from '../../electron/core/ingest/chunker';
import { decodeText } from '../../electron/core/ingest/decodeText';
import { markupToText } from '../../electron/core/ingest/formats/markupText';
import { detectSections } from '../../electron/core/ingest/sections';
import { EngineError } from '../../electron/shared/result';
import { params, timed, timeFor } from './budget';
import { clinicalText } from './generators';

describe('fuzz: text decoding, markup, sections and chunking', () => {
  it(
    'decodeText returns text or refuses with an EngineError, for any bytes',
    () => {
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 4096 }),
        fc
          .tuple(fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf]), fc.uint8Array({ maxLength: 512 }))
          .map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
        fc.string({ unit: 'binary', maxLength: 2048 }).map((s) => new TextEncoder().encode(s)),
      );
      fc.assert(
        fc.property(bytes, (b) => {
          try {
            const text = timed(200, 'decodeText', () => decodeText('note.txt', b));
            expect(typeof text).toBe('string');
          } catch (err) {
            expect(err).toBeInstanceOf(EngineError);
          }
        }),
        params('decodeText', 500, 20_000),
      );
    },
    timeFor(20_000, 1),
  );

  it(
    'markupToText turns any markup into text without tags, in linear time',
    () => {
      const markup = fc.oneof(
        fc.string({ maxLength: 3000 }),
        fc
          .array(
            fc.oneof(
              fc.constantFrom(
                '<p>',
                '</p>',
                '<br/>',
                '<td>',
                '<tr>',
                '<!--',
                '-->',
                '<![CDATA[',
                ']]>',
                '&amp;',
                '&#',
                '<',
              ),
              fc.constantFrom('<script>x</script>', '<style>a{}</style>', '&#x1F600;', '&nbsp;', '<b', '>', '"', "'"),
              fc.string({ maxLength: 40 }),
            ),
            { maxLength: 400 },
          )
          .map((parts) => parts.join('')),
      );
      fc.assert(
        fc.property(markup, (m) => {
          const text = timed(300, 'markupToText', () => markupToText(m));
          expect(typeof text).toBe('string');
          // Escaped or CDATA text may spell a tag and stays text; anything else that looks like one must be gone.
          if (!/&|<!\[CDATA\[/.test(m)) expect(text).not.toMatch(/<\/?(p|td|tr|br|script|style)\b[^>]*>/i);
        }),
        params('markupToText', 400, 20_000),
      );
    },
    timeFor(20_000, 2),
  );

  it(
    'detectSections gives ordered starts inside the text',
    () => {
      fc.assert(
        fc.property(clinicalText(), (text) => {
          const starts = timed(300, 'detectSections', () => detectSections(text));
          let last = -1;
          for (const s of starts) {
            expect(s.start).toBeGreaterThan(last);
            expect(s.start).toBeLessThanOrEqual(text.length);
            expect(s.name.length).toBeGreaterThan(0);
            last = s.start;
          }
        }),
        params('detectSections', 400, 20_000),
      );
    },
    timeFor(20_000, 2),
  );

  it(
    'chunkPage: offsets point into the page, every non-blank character is in a chunk, no chunk over budget',
    () => {
      const tokenizers = {
        words: (t: string) => t.split(/\s+/).filter(Boolean).length,
        chars: (t: string) => Math.ceil(t.length / 4),
      };
      const options = fc.record({
        maxTokens: fc.integer({ min: 8, max: 300 }),
        overlap: fc.integer({ min: 0, max: 64 }),
        tokenizer: fc.constantFrom('words', 'chars') as fc.Arbitrary<keyof typeof tokenizers>,
      });
      fc.assert(
        fc.property(clinicalText(), options, (text, o) => {
          const countTokens = tokenizers[o.tokenizer];
          const opts = { maxTokens: o.maxTokens, overlapTokens: Math.min(o.overlap, o.maxTokens - 1), countTokens };
          const chunks = timed(500, 'chunkPage', () => chunkPage(3, text, opts));
          const covered = new Uint8Array(text.length);
          for (const c of chunks) {
            expect(c.page).toBe(3);
            expect(0 <= c.start && c.start < c.end && c.end <= text.length).toBe(true);
            expect(c.text).toBe(text.slice(c.start, c.end));
            expect(countTokens(c.text), `chunk over budget: ${JSON.stringify(c.text)}`).toBeLessThanOrEqual(
              o.maxTokens,
            );
            covered.fill(1, c.start, c.end);
          }
          for (let i = 0; i < text.length; i++) {
            if (!covered[i] && /[^\s,]/.test(text[i]!))
              expect.fail(`character ${i} (${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}) is in no chunk`);
          }
        }),
        params('chunkPage', 300, 10_000),
      );
    },
    timeFor(10_000, 5),
  );
});
