import { z } from 'zod';
import type { EngineMethod } from './contract';
import { EngineError } from './result';

const docType = z.enum(['pdf', 'note', 'docx', 'rtf', 'cda', 'fhir', 'export']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');
const id = z.string().min(1).max(512);

export const searchRequestSchema = z.strictObject({
  query: z.string().trim().min(1, 'the query is empty').max(4000),
  mode: z.enum(['hybrid', 'vector', 'keyword']).optional(),
  k: z.number().int().min(1).max(1000).optional(),
  filters: z
    .strictObject({
      types: z.array(docType).optional(),
      folder: z.string().max(4096).optional(),
      dateFrom: isoDate.optional(),
      dateTo: isoDate.optional(),
      section: z.string().max(200).optional(),
      patient: z.string().max(200).optional(),
    })
    .optional(),
  groupByDocument: z.boolean().optional(),
});

const none = z.tuple([]);
const ids = z.tuple([z.array(id).max(100_000)]);

/** The argument schema of every contract method: the servers reject anything else before the engine sees it. */
const ARG_SCHEMAS: { [M in EngineMethod]: z.ZodType<unknown[]> } = {
  getStatus: none,
  importFiles: z.tuple([z.array(z.string().min(1).max(4096)).min(1, 'no paths given').max(100_000)]),
  cancelJob: z.tuple([id]),
  setJobPaused: z.tuple([id, z.boolean()]),
  listJobs: none,
  search: z.tuple([searchRequestSchema]),
  listDocuments: none,
  removeDocuments: ids,
  reindexDocuments: ids,
  getDocumentText: z.tuple([id]),
  getDocumentBytes: z.tuple([id]),
  listModels: none,
  switchModel: z.tuple([id]),
  updateSettings: z.tuple([z.strictObject({ threads: z.number().int().min(1).max(64).optional() })]),
};

export function validateArgs(method: EngineMethod, args: unknown): unknown[] {
  const parsed = ARG_SCHEMAS[method].safeParse(args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'arguments';
  throw new EngineError('BadInput', `Invalid ${method} ${field}: ${issue?.message ?? 'bad value'}.`, field);
}
