import { Field, FixedSizeList, Float32, Schema } from 'apache-arrow';
import { int, str } from '../db/columns';

export function chunksSchema(dims: number): Schema {
  return new Schema([
    str('id'),
    str('docId'),
    str('version'),
    int('ord'),
    int('page'),
    int('start'),
    int('end'),
    str('section', true),
    str('text'),
    str('textHash'),
    str('type'),
    str('folder'),
    str('date', true),
    str('patient', true),
    // JSON of the chunk's context spans (context/chunkSpans.ts); null in rows written before context was stored.
    str('context', true),
    new Field('vector', new FixedSizeList(dims, new Field('item', new Float32(), true)), false),
  ]);
}

export interface ChunkRow {
  id: string;
  docId: string;
  version: string;
  ord: number;
  page: number;
  start: number;
  end: number;
  section: string | null;
  text: string;
  textHash: string;
  type: string;
  folder: string;
  date: string | null;
  patient: string | null;
  context: string | null;
  vector: Float32Array | number[];
}

export const CHUNK_TABLE_PREFIX = 'chunks__';

/** Table names carry the model, so vectors of two models never share a table. */
export function chunksTableName(modelId: string): string {
  return `${CHUNK_TABLE_PREFIX}${modelId.replace(/[^a-z0-9_]/gi, '_')}`;
}
