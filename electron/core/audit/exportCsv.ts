import { readFile } from 'node:fs/promises';
import { parseLine } from './entry';

const COLUMNS = ['seq', 'time', 'user', 'event', 'details', 'prev', 'hash', 'valid'] as const;

/**
 * One CSV field (RFC 4180). A field a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: the audit log holds search text that anyone could have typed.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The audit log as CSV, one row an entry, details as JSON. Lines that are not intact entries are kept, with
 * valid=false and the raw text in details, so an export never hides what verify would report.
 */
export async function auditLogCsv(file: string): Promise<string> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const rows = [COLUMNS.join(',')];
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    const parsed = parseLine(raw);
    const cells = parsed.ok
      ? [
          String(parsed.entry.seq),
          parsed.entry.time,
          parsed.entry.user,
          parsed.entry.event,
          JSON.stringify(parsed.entry.details),
          parsed.entry.prev,
          parsed.entry.hash,
          'true',
        ]
      : ['', '', '', '', raw, '', '', 'false'];
    rows.push(cells.map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
