import { Bool, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';

/** Bumped whenever a table's columns change; an index of another version is rebuilt, never misread. */
export const SCHEMA_VERSION = 1;

const str = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
const int = (name: string) => new Field(name, new Int32(), false);

export const documentsSchema = new Schema([
  str('id'),
  str('path'),
  str('key'),
  str('title'),
  str('type'),
  str('folder'),
  str('status'),
  str('error', true),
  int('pages'),
  int('chunks'),
  int('ocrPages'),
  str('contentHash'),
  new Field('importedAt', new Float64(), false),
  new Field('size', new Float64(), false),
  new Field('mtime', new Float64(), false),
  str('date', true),
  str('patient', true),
  str('meta'),
]);

export const pagesSchema = new Schema([
  str('docId'),
  str('version'),
  int('page'),
  str('text'),
  new Field('ocr', new Bool(), false),
]);

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
    new Field('vector', new FixedSizeList(dims, new Field('item', new Float32(), true)), false),
  ]);
}

export interface DocumentRow {
  id: string;
  path: string;
  key: string;
  title: string;
  type: string;
  folder: string;
  status: string;
  error: string | null;
  pages: number;
  chunks: number;
  ocrPages: number;
  contentHash: string;
  importedAt: number;
  size: number;
  mtime: number;
  date: string | null;
  patient: string | null;
  meta: string;
}

export interface PageRow {
  docId: string;
  version: string;
  page: number;
  text: string;
  ocr: boolean;
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
  vector: Float32Array | number[];
}

/** Table names carry the model, so vectors of two models never share a table. */
export function chunksTableName(modelId: string): string {
  return `chunks__${modelId.replace(/[^a-z0-9_]/gi, '_')}`;
}

/** Quotes a value for a LanceDB SQL filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
