import { Bool, Field, Float64, Schema } from 'apache-arrow';
import { int, str } from '../db/columns';

/**
 * Bumped whenever a table's columns change; an index of another version is upgraded in place when it is one of
 * UPGRADABLE_VERSIONS (index/upgrade.ts), otherwise refused, never misread.
 * 2: chunk tables gained `context` (the chunk's ConText spans).
 */
export const SCHEMA_VERSION = 2;
export const UPGRADABLE_VERSIONS: readonly number[] = [1];

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
