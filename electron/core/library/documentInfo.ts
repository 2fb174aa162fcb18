import type { DocMeta, DocType, DocumentInfo } from '../../shared/types';
import type { DocumentRow } from './schema';

/** A stored document row as the contract shows it. */
export function toInfo(d: DocumentRow): DocumentInfo {
  return {
    id: d.id,
    path: d.path,
    title: d.title,
    type: d.type as DocType,
    folder: d.folder,
    status: d.status === 'ready' ? 'ready' : 'error',
    ...(d.error ? { error: d.error } : {}),
    pages: d.pages,
    chunks: d.chunks,
    ocrPages: d.ocrPages,
    importedAt: d.importedAt,
    meta: JSON.parse(d.meta || '{}') as DocMeta,
  };
}
