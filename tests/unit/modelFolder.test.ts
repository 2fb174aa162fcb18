import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../electron/core/embed/catalog';
import { poolingFrom } from '../../electron/core/embed/sourceFolder';
import { maxTokenId } from '../../electron/core/embed/tokenizer';

describe('poolingFrom', () => {
  it('reads the one mode a sentence-transformers Pooling config turns on', () => {
    expect(poolingFrom({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }, 'p.json')).toBe('cls');
    expect(poolingFrom({ pooling_mode_mean_tokens: true }, 'p.json')).toBe('mean');
    expect(poolingFrom({ pooling_mode: 'mean' }, 'p.json')).toBe('mean');
  });

  it('refuses modes Clinote does not run, several modes, or none, naming the file', () => {
    expect(() => poolingFrom({ pooling_mode_lasttoken: true }, 'p.json')).toThrow(
      'p.json names pooling mode "lasttoken", which Clinote does not run',
    );
    expect(() => poolingFrom({ pooling_mode_cls_token: true, pooling_mode_max_tokens: true }, 'p.json')).toThrow(
      /p\.json turns on several pooling modes \(cls, max\)/,
    );
    expect(() => poolingFrom({}, 'p.json')).toThrow(/p\.json turns no pooling mode on/);
  });
});

describe('maxTokenId', () => {
  it('takes the highest id of the vocabulary and the added tokens', () => {
    expect(maxTokenId({ model: { vocab: { a: 0, b: 7 } }, added_tokens: [{ id: 3 }] })).toBe(7);
    expect(maxTokenId({ model: { vocab: { a: 0 } }, added_tokens: [{ id: 50283 }] })).toBe(50283);
    expect(
      maxTokenId({
        model: {
          vocab: [
            ['a', 0],
            ['b', -1],
            ['c', -2],
          ],
        },
      }),
    ).toBe(2);
    expect(maxTokenId({ model: {} })).toBe(-1);
  });
});

describe('catalogFor', () => {
  it('finds an entry by id, by the hub id opening the source, or by the id without a quantisation suffix', () => {
    expect(catalogFor('bge-small-en-v1.5')?.pooling).toBe('cls');
    expect(catalogFor('local', 'BAAI/bge-small-en-v1.5 via Maven dev.langchain4j:x:0.36.2')?.id).toBe(
      'bge-small-en-v1.5',
    );
    expect(catalogFor('bge-small-en-v1.5-int8')?.queryPrefix).toMatch(/^Represent this sentence/);
    expect(catalogFor('something-else', 'somewhere/else')).toBeUndefined();
  });
});
