import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withValidation } from '../../electron/core/api/validate';
import { detectContext, labelAt } from '../../electron/core/context';
import { searchedWords, toFullTextQuery } from '../../electron/core/search/fullTextQuery';
import { expandQuery } from '../../electron/core/search/vocabulary';
import type { EngineApi } from '../../electron/shared/contract';
import { ENGINE_METHODS, METHOD_WIRE_NAMES } from '../../electron/shared/contract';
import { EngineError } from '../../electron/shared/result';
import { searchRequestSchema } from '../../electron/shared/schemas';
import { decodeWire, encodeWire } from '../../electron/shared/transport/codec';
import { createMemoryChannelPair } from '../../electron/shared/transport/memoryChannel';
import { serve } from '../../electron/shared/transport/rpc';
import type { WireMessage } from '../../electron/shared/transport/wire';
import { validateArgs } from '../../electron/shared/validation';
import { params, timed, timeFor } from './budget';
import { clinicalText } from './generators';

const LABELS = ['negated', 'possible', 'historical', 'hypothetical', 'family'];

/** Search requests near the schema's edges: right shapes with wrong values, and anything at all. */
const searchRequest = fc.oneof(
  fc.record(
    {
      query: fc.oneof(fc.string({ maxLength: 200 }), fc.constant(' '), fc.string({ minLength: 3990, maxLength: 4010 })),
      mode: fc.oneof(fc.constantFrom('hybrid', 'vector', 'keyword', 'HYBRID'), fc.anything()),
      k: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.double(), fc.anything()),
      filters: fc.oneof(
        fc.dictionary(fc.constantFrom('type', 'dateFrom', 'section', 'patient', 'x'), fc.anything()),
        fc.anything(),
      ),
      groupByDocument: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

describe('fuzz: queries and the IPC boundary', () => {
  it(
    'search requests: the schema and validateArgs accept or refuse with BadInput, never throw otherwise',
    () => {
      fc.assert(
        fc.property(searchRequest, (request) => {
          const parsed = searchRequestSchema.safeParse(request);
          try {
            const [valid] = validateArgs('search', [request]);
            expect(parsed.success).toBe(true);
            expect(searchRequestSchema.parse(valid)).toEqual(valid);
          } catch (err) {
            expect(parsed.success).toBe(false);
            expect(err).toBeInstanceOf(EngineError);
            expect((err as EngineError).kind).toBe('BadInput');
          }
        }),
        params('search request', 500, 20_000),
      );
    },
    timeFor(20_000, 1),
  );

  it(
    'every method: validateArgs accepts or refuses any arguments with BadInput',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...ENGINE_METHODS), fc.anything(), (method, args) => {
          try {
            expect(Array.isArray(validateArgs(method, args))).toBe(true);
          } catch (err) {
            expect((err as EngineError).kind).toBe('BadInput');
          }
        }),
        params('validateArgs', 500, 20_000),
      );
    },
    timeFor(20_000, 1),
  );

  it(
    'query expansion and its full-text query handle any text within the time budget',
    () => {
      fc.assert(
        fc.property(fc.oneof(clinicalText(40), fc.string({ maxLength: 300 })), (query) => {
          const expansion = timed(300, 'expandQuery', () => expandQuery(query));
          const fts = toFullTextQuery(expansion);
          expect(fts).toBeDefined();
          for (const w of searchedWords(expansion)) expect(typeof w).toBe('string');
        }),
        params('expandQuery', 300, 10_000),
      );
    },
    timeFor(10_000, 5),
  );

  it(
    'the context detector gives spans inside the text with known labels, within the time budget',
    () => {
      const section = fc.option(fc.constantFrom('FAMILY HISTORY', 'PAST MEDICAL HISTORY', 'PLAN', 'x'), {
        nil: undefined,
      });
      fc.assert(
        fc.property(clinicalText(), section, (text, s) => {
          const spans = timed(500, 'detectContext', () => detectContext(text, s ? { section: s } : {}));
          for (const span of spans) {
            expect(0 <= span.start && span.start <= span.end && span.end <= text.length).toBe(true);
            expect(LABELS).toContain(span.label);
          }
          expect(['affirmed', ...LABELS]).toContain(labelAt(spans, 0, Math.min(10, text.length)));
        }),
        params('detectContext', 300, 10_000),
      );
    },
    timeFor(10_000, 10),
  );

  it(
    'the wire codec decodes any text or refuses it as bad JSON, and round-trips any message with bytes',
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 500 }), (text) => {
          try {
            decodeWire(text);
          } catch (err) {
            expect(err).toBeInstanceOf(SyntaxError);
          }
        }),
        params('decodeWire', 500, 20_000),
      );
      const value = fc.letrec((tie) => ({
        node: fc.oneof(
          { depthSize: 'small' },
          fc.string(),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.uint8Array({ maxLength: 300 }),
          fc.array(tie('node'), { maxLength: 4 }),
          fc.dictionary(
            fc.string().filter((k) => k !== '__proto__'),
            tie('node'),
            { maxKeys: 4 },
          ),
        ),
      })).node;
      fc.assert(
        fc.property(value, fc.nat(), (payload, id) => {
          const message: WireMessage = { t: 'res', id, ok: true, value: payload };
          expect(decodeWire(encodeWire(message))).toEqual(message);
        }),
        params('wire round trip', 500, 20_000),
      );
    },
    timeFor(40_000, 1),
  );

  it(
    'serve() answers junk with errors and never hands the engine arguments that fail validation',
    async () => {
      const calls: { method: string; args: unknown[] }[] = [];
      const target = Object.fromEntries(
        ENGINE_METHODS.map((m) => [m, async (...args: unknown[]) => void calls.push({ method: m, args })]),
      ) as unknown as EngineApi;
      const engine = withValidation(target);
      const wireNames = Object.values(METHOD_WIRE_NAMES);
      const junk = fc.oneof(
        fc.anything(),
        fc.record({
          t: fc.constantFrom('req', 'res', 'evt', 'REQ'),
          id: fc.oneof(fc.integer(), fc.double(), fc.string()),
          method: fc.oneof(fc.constantFrom(...wireNames, 'constructor', '__proto__', 'toString'), fc.string()),
          args: fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()),
        }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: 10 }), async (messages) => {
          const [client, server] = createMemoryChannelPair();
          const stop = serve(engine, server);
          const replies: WireMessage[] = [];
          client.onMessage((m) => replies.push(m));
          calls.length = 0;
          for (const m of messages) client.send(m as WireMessage);
          await new Promise((r) => setTimeout(r, 0));
          stop();
          const requests = messages.filter(
            (m) => (m as { t?: unknown })?.t === 'req' && Number.isSafeInteger((m as { id?: unknown }).id),
          );
          for (const r of replies) expect(r.t).toBe('res');
          expect(replies.length).toBeLessThanOrEqual(requests.length);
          for (const r of replies) if (r.t === 'res' && !r.ok) expect(['BadInput']).toContain(r.error.kind);
          for (const c of calls) expect(() => validateArgs(c.method as never, c.args)).not.toThrow();
        }),
        params('serve junk', 300, 10_000),
      );
    },
    timeFor(10_000, 5),
  );
});
