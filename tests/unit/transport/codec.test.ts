import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, fromBase64, toBase64 } from '../../../electron/shared/transport/codec';
import type { WireMessage } from '../../../electron/shared/transport/wire';

describe('the wire codec', () => {
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

  it('encodes a view by its own bytes, and a Node Buffer like any Uint8Array', () => {
    const whole = Uint8Array.from({ length: 16 }, (_, i) => i);
    const view = whole.subarray(4, 8);
    const fromView = decodeWire(encodeWire({ t: 'res', id: 1, ok: true, value: view })) as { value: Uint8Array };
    expect([...fromView.value]).toEqual([4, 5, 6, 7]);
    const buffer = Buffer.from('%PDF-1.7\n', 'latin1');
    expect(encodeWire({ t: 'res', id: 1, ok: true, value: buffer })).toBe(
      encodeWire({ t: 'res', id: 1, ok: true, value: new Uint8Array(buffer) }),
    );
  });

  it('writes the same base64 as Node, for every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
    expect(fromBase64(toBase64(all))).toEqual(all);
  });
});
