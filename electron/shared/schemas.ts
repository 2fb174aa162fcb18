import { z } from 'zod';

/**
 * The shapes of what callers send the engine, as zod schemas: the request types in types.ts are derived from them,
 * and the engine checks every call against them (validation.ts), so the type and the check can't drift apart.
 */
export const docTypeSchema = z.enum(['pdf', 'note', 'docx', 'rtf', 'cda', 'fhir', 'export']);
export const searchModeSchema = z.enum(['hybrid', 'vector', 'keyword']);

/** What a note says about a mention: ConText's assertion classes, folded into one label. */
export const contextLabelSchema = z.enum(['affirmed', 'negated', 'possible', 'historical', 'hypothetical', 'family']);

/**
 * `affirmed` (the default): hits whose evidence is only denied, a relative's, planned or possible rank below hits
 * whose evidence affirms (or below hits in the context the query itself asks for: "denies chest pain").
 * `all`: every mention in plain relevance order, still labelled.
 */
export const searchContextSchema = z.enum(['affirmed', 'all']);

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
  context: searchContextSchema.optional(),
  /** Clinical abbreviations and everyday words widened on the keyword side (default true). */
  expand: z.boolean().optional(),
  /** Meanings picked for ambiguous shorthand, keyed by the query words in lower case ("ms": "multiple sclerosis"). */
  senses: z
    .record(z.string().max(100), z.string().max(200))
    .refine((r) => Object.keys(r).length <= 50, 'at most 50 picked meanings')
    .optional(),
});

/** A hit's closest sentence by meaning, asked for when a person opens "Why this matched". */
export const explainRequestSchema = z.strictObject({
  query: z.string().trim().min(1, 'the query is empty').max(4000),
  chunkId: z.string().min(1).max(512),
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
