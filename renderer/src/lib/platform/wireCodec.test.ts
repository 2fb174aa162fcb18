import { describe, expect, it } from 'vitest';
import type { WireMessage } from '../../../../electron/shared/rpc';
import { decodeWire, encodeWire, fromBase64, toBase64 } from './wireCodec';

describe('wireCodec', () => {
  it('carries bytes through JSON as tagged base64', () => {
    const bytes = new Uint8Array(50_000).map((_, i) => (i * 7) % 256);
    const message: WireMessage = { t: 'res', id: 3, ok: true, value: bytes };
    const text = encodeWire(message);
    expect(text).toContain('"$bytes"');
    const back = decodeWire(text) as { value: Uint8Array };
    expect(back.value).toBeInstanceOf(Uint8Array);
    expect([...back.value]).toEqual([...bytes]);
  });

  it('leaves ordinary data alone, nested bytes included', () => {
    const message: WireMessage = { t: 'evt', name: 'x', payload: { a: [1, 'b'], blob: new Uint8Array([1, 2]) } };
    expect(decodeWire(encodeWire(message))).toEqual({
      t: 'evt',
      name: 'x',
      payload: { a: [1, 'b'], blob: new Uint8Array([1, 2]) },
    });
  });

  it('round-trips base64 of every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64(toBase64(all))).toEqual(all);
  });
});
