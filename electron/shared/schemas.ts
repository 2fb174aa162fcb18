import { z } from 'zod';

/**
 * The shapes of what callers send the engine, as zod schemas: the request types in types.ts are derived from them,
 * and the engine checks every call against them (validation.ts), so the type and the check can't drift apart.
 */
export const docTypeSchema = z.enum(['pdf', 'note', 'docx', 'rtf', 'cda', 'fhir', 'export']);
export const searchModeSchema = z.enum(['hybrid', 'vector', 'keyword']);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

export const searchFiltersSchema = z.strictObject({
  types: z.array(docTypeSchema).optional(),
  /** Documents whose folder starts with this path. */
  folder: z.string().max(4096).optional(),
  /** Inclusive ISO dates compared with the date of service, or the import date when none is known. */
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  section: z.string().max(200).optional(),
  patient: z.string().max(200).optional(),
});

export const searchRequestSchema = z.strictObject({
  query: z.string().trim().min(1, 'the query is empty').max(4000),
  mode: searchModeSchema.optional(),
  k: z.number().int().min(1).max(1000).optional(),
  filters: searchFiltersSchema.optional(),
  /** One hit a document (its best chunk) unless false. */
  groupByDocument: z.boolean().optional(),
});

export const settingsSchema = z.strictObject({ threads: z.number().int().min(1).max(64).optional() });

/** Credentials typed into Settings are kept in the engine's data folder (mode 600) and never sent back. */
export const teamLibraryRequestSchema = z.strictObject({
  uri: z
    .string()
    .trim()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'expected s3://<bucket>/<prefix>')
    .max(1024),
  endpoint: z.string().trim().url('expected a URL such as https://minio.clinic.lan:9000').max(1024).optional(),
  region: z.string().trim().min(1).max(64).optional(),
  accessKeyId: z.string().min(1).max(256).optional(),
  secretAccessKey: z.string().min(1).max(256).optional(),
});
