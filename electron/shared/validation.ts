import { z } from 'zod';
import type { EngineMethod } from './contract';
import { EngineError } from './result';
import { explainRequestSchema, searchRequestSchema, settingsSchema, teamLibraryRequestSchema } from './schemas';

const id = z.string().min(1).max(512);

const none = z.tuple([]);
const ids = z.tuple([z.array(id).max(100_000)]);

/** The argument schema of every contract method: the engine refuses anything else before acting on it. */
const ARG_SCHEMAS: { [M in EngineMethod]: z.ZodType<unknown[]> } = {
  getStatus: none,
  importFiles: z.tuple([z.array(z.string().min(1).max(4096)).min(1, 'no paths given').max(100_000)]),
  cancelJob: z.tuple([id]),
  setJobPaused: z.tuple([id, z.boolean()]),
  listJobs: none,
  search: z.tuple([searchRequestSchema]),
  explainMatch: z.tuple([explainRequestSchema]),
  listDocuments: none,
  removeDocuments: ids,
  reindexDocuments: ids,
  getDocumentText: z.tuple([id]),
  getDocumentBytes: z.tuple([id]),
  listModels: none,
  switchModel: z.tuple([id]),
  listWatchedFolders: none,
  unwatchFolder: z.tuple([z.string().min(1).max(4096)]),
  updateSettings: z.tuple([settingsSchema]),
  attachTeamLibrary: z.tuple([teamLibraryRequestSchema]),
  detachTeamLibrary: none,
  getTeamLibraryStatus: none,
};

export function validateArgs(method: EngineMethod, args: unknown): unknown[] {
  const parsed = ARG_SCHEMAS[method].safeParse(args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'arguments';
  throw new EngineError('BadInput', `Invalid ${method} ${field}: ${issue?.message ?? 'bad value'}.`, field);
}
