import { createRequire } from 'node:module';
import type * as ArrowModule from 'apache-arrow';

/**
 * LanceDB's JS side recognises Arrow tables by class, and it loads apache-arrow's CommonJS build; a table built with
 * the ES module build (a different set of classes) fails its schema checks. So bulk batches are built with the same
 * build LanceDB uses.
 */
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof ArrowModule;

/**
 * Chunks of one document as columns, their vectors in one row-major Float32Array: a bulk load (a benchmark's
 * million chunks) hands LanceDB the typed array's memory as the vector column, so no vector is ever a JS number.
 */
export interface ChunkColumns {
  docId: string;
  version: string;
  type: string;
  folder: string;
  /** The ord of the first row; rows are numbered on from it. */
  firstOrd: number;
  texts: string[];
  textHashes: string[];
  vectors: Float32Array;
}

export function chunkColumnsTable(c: ChunkColumns, dims: number): ArrowModule.Table {
  const n = c.texts.length;
  if (c.vectors.length !== n * dims || c.textHashes.length !== n) {
    throw new Error(`chunk columns: ${n} texts, ${c.textHashes.length} hashes, ${c.vectors.length / dims} vectors`);
  }
  const { Field, FixedSizeList, Float32, Int32, Utf8 } = arrow;
  const text = (values: (string | null)[]) => arrow.vectorFromArray(values, new Utf8()).data[0]!;
  const int = (values: Int32Array) => arrow.makeData({ type: new Int32(), length: n, data: values });
  const same = <T>(v: T) => new Array<T>(n).fill(v);
  const ords = Int32Array.from({ length: n }, (_, i) => c.firstOrd + i);
  const vectorType = new FixedSizeList(dims, new Field('item', new Float32(), true));
  const columns: Array<[string, ArrowModule.Data, boolean]> = [
    ['id', text(Array.from(ords, (ord) => `${c.docId}:${c.version.slice(0, 12)}:${ord}`)), false],
    ['docId', text(same(c.docId)), false],
    ['version', text(same(c.version)), false],
    ['ord', int(ords), false],
    ['page', int(new Int32Array(n).fill(1)), false],
    ['start', int(new Int32Array(n)), false],
    ['end', int(Int32Array.from(c.texts, (t) => t.length)), false],
    ['section', text(same(null)), true],
    ['text', text(c.texts), false],
    ['textHash', text(c.textHashes), false],
    ['type', text(same(c.type)), false],
    ['folder', text(same(c.folder)), false],
    ['date', text(same(null)), true],
    ['patient', text(same(null)), true],
    // No context spans, stored as an empty list rather than null: the context backfill then has nothing to redo.
    ['context', text(same('[]')), true],
    [
      'vector',
      arrow.makeData({
        type: vectorType,
        length: n,
        nullCount: 0,
        child: arrow.makeData({ type: new Float32(), length: n * dims, data: c.vectors }),
      }),
      false,
    ],
  ];
  const schema = new arrow.Schema(columns.map(([name, data, nullable]) => new Field(name, data.type, nullable)));
  const struct = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: n,
    nullCount: 0,
    children: columns.map(([, data]) => data),
  });
  return new arrow.Table([new arrow.RecordBatch(schema, struct)]);
}
