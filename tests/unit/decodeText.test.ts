import { describe, expect, it } from 'vitest';
import { decodeText } from '../../electron/core/ingest/decodeText';
import { checkFileSize } from '../../electron/core/ingest/limits';
import type { EngineError } from '../../electron/shared/result';

const enc = (s: string) => new TextEncoder().encode(s);

function errorOf(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (err) {
    return err as EngineError;
  }
  throw new Error('expected an error');
}

describe('decodeText', () => {
  it('decodes UTF-8 and UTF-16 with a byte-order mark', () => {
    expect(decodeText('a.txt', enc('Dyspnée'))).toBe('Dyspnée');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]);
    expect(decodeText('b.txt', utf16)).toBe('Hi');
  });

  it.each([
    ['empty', new Uint8Array(0), 'FileUnreadable', 'empty'],
    ['blank', enc('   \n '), 'FileUnreadable', 'no text'],
    ['binary', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), 'UnsupportedFile', 'binary'],
    ['latin-1', new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'FileUnreadable', 'UTF-8'],
  ])('refuses %s files with the file name and reason', (_name, bytes, kind, reason) => {
    const err = errorOf(() => decodeText('/notes/x.txt', bytes));
    expect(err.kind).toBe(kind);
    expect(err.message).toContain('/notes/x.txt');
    expect(err.message).toContain(reason);
  });

  it("refuses empty files and files past their type's limit from the size alone, before reading", () => {
    expect(errorOf(() => checkFileSize('/n/empty.txt', 0)).message).toBe('/n/empty.txt: the file is empty.');
    const big = errorOf(() => checkFileSize('/n/big.txt', 51 * 1024 * 1024));
    expect(big.message).toBe('/n/big.txt: too large (51.0 MB; the limit is 50.0 MB).');
    expect(() => checkFileSize('/n/big.pdf', 51 * 1024 * 1024)).not.toThrow();
    expect(errorOf(() => checkFileSize('/n/huge.pdf', 600 * 1024 * 1024)).message).toMatch(/limit is 500\.0 MB/);
  });
});
