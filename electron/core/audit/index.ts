import { join } from 'node:path';
import { AUDIT_FILE } from './auditLog';
import { auditLogCsv } from './exportCsv';
import type { AuditReport, ExpectedHead } from './verify';
import { verifyAuditFile } from './verify';

/** Checks the audit log of a data folder without opening the engine (no model, no index needed). */
export function verifyAuditLog(dataDir: string, expectedHead?: ExpectedHead): Promise<AuditReport> {
  return verifyAuditFile(join(dataDir, AUDIT_FILE), expectedHead);
}

/** The audit log of a data folder as CSV text. */
export function exportAuditLog(dataDir: string): Promise<string> {
  return auditLogCsv(join(dataDir, AUDIT_FILE));
}

export { AUDIT_FILE } from './auditLog';
export type { AuditEntry, AuditEvent } from './entry';
export type { AuditProblem, AuditReport, ExpectedHead, ProblemKind } from './verify';
