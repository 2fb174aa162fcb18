/**
 * The engine's public API: what front-ends (the CLI, the utility process, the browser harness) may use. Lint keeps
 * them from importing anything else under electron/core.
 */
export { createEngine } from './engine';
export type { Engine, EngineOptions } from './engine';
export { ENGINE_VERSION } from './api/clinoteEngine';
export { grantedImportsOnly, PathGrants } from './api/pathGrants';
export { SCHEMA_VERSION } from './library/schema';
export type { EngineTools, IndexBuildTimes, SyntheticBatch, SyntheticChunk, TextDocument } from './api/tools';
export type { ModelRuntime } from './models/modelRuntime';
export { importModel, listInstalledModels } from './embed/models';
export type { ImportOptions } from './embed/models';
export { encodeLimit } from './embed/manifest';
export { DEFAULT_MODEL_ORDER } from './embed/catalog';
export type { ModelManifest } from './embed/manifest';
export { fetchModel } from './embed/hubFetch';
export { documentReader } from './ingest/readDocuments';
export { defaultPdfReaders } from './ingest/pdfPagePool';
export type { DocumentReader } from './ingest/readDocuments';
export type { Extraction } from './ingest/types';
export { stderrLogger, silentLogger } from './util/logger';
export { isObjectStoreUri, parseObjectUri, readStorageSettings, withEnvironment } from './db/storage';
export type { StorageSettings } from './db/storage';
export type { SharedLibrary } from './db/openStore';
export type { AnnQuery } from './db/database';
export type { TeamLibraryRequest } from '../shared/types';
export type { Logger } from './util/logger';
export { AUDIT_FILE, exportAuditLog, verifyAuditLog } from './audit';
export type { AuditEntry, AuditEvent, AuditProblem, AuditReport, ExpectedHead } from './audit';
