import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * A raw deflate stream that inflates to `copies` repetitions of `unit` without ever holding them: the unit is
 * compressed once, ending on a full flush (no final bit, dictionary reset), so its bytes can be repeated as they are,
 * and an empty final block closes the stream. Also returns the CRC-32 of the inflated data.
 */
export function repeatedDeflate(unit: Uint8Array, copies: number): { data: Uint8Array; crc: number; size: number } {
  const block = deflateRawSync(unit, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const end = deflateRawSync(new Uint8Array(0));
  const data = new Uint8Array(block.length * copies + end.length);
  let crc = 0;
  for (let i = 0; i < copies; i++) {
    data.set(block, i * block.length);
    crc = crc32(unit, crc);
  }
  data.set(end, block.length * copies);
  return { data, crc, size: unit.length * copies };
}

interface ZipPart {
  name: string;
  /** Stored as is. */
  content?: Uint8Array;
  /** Already deflated, with the size and CRC of what it inflates to. */
  deflated?: { data: Uint8Array; crc: number; size: number };
}

/** A minimal zip (no zip64) of stored and pre-deflated parts. */
export function zip(parts: ZipPart[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = new TextEncoder().encode(p.name);
    const body = p.deflated?.data ?? p.content!;
    const crc = p.deflated?.crc ?? crc32(p.content!);
    const size = p.deflated?.size ?? p.content!.length;
    const method = p.deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/**
 * A one-page PDF whose content stream is the given raw deflate stream, wrapped as FlateDecode wants it (zlib header;
 * the Adler-32 trailer is left zero, which readers don't check), with a correct xref table.
 */
export function pdfWithContent(rawDeflate: Uint8Array): Uint8Array {
  const enc = (s: string) => Buffer.from(s, 'latin1');
  const stream = Buffer.concat([Uint8Array.from([0x78, 0xda]), rawDeflate, new Uint8Array(4)]);
  const objects = [
    enc('<< /Type /Catalog /Pages 2 0 R >>'),
    enc('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    enc(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    ),
    Buffer.concat([enc(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, enc('\nendstream')]),
    enc('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];
  const parts: Uint8Array[] = [enc('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([enc(`${i + 1} 0 obj\n`), body, enc('\nendobj\n')]);
    parts.push(obj);
    at += obj.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
  ];
  parts.push(
    enc(`${xref.join('\n')}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}
