import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_FILE, AuditLog, osUser } from '../../../electron/core/audit/auditLog';
import { auditLogCsv, csvField } from '../../../electron/core/audit/exportCsv';
import { verifyAuditFile } from '../../../electron/core/audit/verify';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clinote-audit-'));
  file = join(dir, AUDIT_FILE);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** A log of `n` searches after the opening entry (n + 1 entries). */
async function writeLog(n: number): Promise<string[]> {
  const audit = await AuditLog.open(dir);
  for (let i = 0; i < n; i++) await audit.record('search', { query: `query ${i}`, hits: i });
  await audit.close();
  return (await readFile(file, 'utf8')).split('\n').slice(0, -1);
}

const save = (lines: string[], tail = '\n') => writeFile(file, lines.join('\n') + tail);
const kinds = async () => (await verifyAuditFile(file)).problems.map((p) => `${p.line}:${p.kind}`);

describe('audit log', () => {
  it('chains entries with time and OS user, and verifies intact', async () => {
    const lines = await writeLog(3);
    expect(lines).toHaveLength(4);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(entries[0]).toMatchObject({ event: 'audit.opened', user: osUser(), prev: '0'.repeat(64) });
    expect(entries[2]).toMatchObject({ event: 'search', details: { query: 'query 1', hits: 1 } });
    expect(entries[2].prev).toBe(entries[1].hash);
    expect(Date.parse(entries[3].time)).toBeGreaterThan(Date.now() - 60_000);
    const report = await verifyAuditFile(file);
    expect(report).toMatchObject({ ok: true, entries: 4, problems: [], head: { seq: 4, hash: entries[3].hash } });
  });

  it('continues the chain across openings, and keeps one order under concurrent appends', async () => {
    await writeLog(1);
    const audit = await AuditLog.open(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => audit.record('document.text', { id: `d${i}` })));
    await audit.close();
    const report = await verifyAuditFile(file);
    expect(report).toMatchObject({ ok: true, entries: 53 });
  });

  it('writes the log readable by its owner only', async () => {
    await writeLog(1);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('detects an edited entry', async () => {
    const lines = await writeLog(3);
    lines[2] = lines[2]!.replace('query 1', 'query X');
    await save(lines);
    expect(await kinds()).toEqual(['3:edited']);
  });

  it('detects an entry rewritten with a fresh hash of its own (the chain no longer holds)', async () => {
    const lines = await writeLog(3);
    const { createHash } = await import('node:crypto');
    const body = lines[2]!.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}').replace('query 1', 'query X');
    lines[2] = `${body.slice(0, -1)},"hash":"${createHash('sha256').update(body).digest('hex')}"}`;
    await save(lines);
    expect(await kinds()).toEqual(['4:edited']);
  });

  it('detects a removed entry', async () => {
    const lines = await writeLog(4);
    lines.splice(2, 1);
    await save(lines);
    expect(await kinds()).toEqual(['3:removed']);
  });

  it('detects reordered entries', async () => {
    const lines = await writeLog(4);
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    await save(lines);
    expect(await kinds()).toEqual(['2:reordered', '3:reordered']);
  });

  it('detects an inserted line that is no entry', async () => {
    const lines = await writeLog(2);
    lines.splice(1, 0, '{"seq":2,"note":"inserted"}');
    await save(lines);
    expect(await kinds()).toEqual(['2:malformed']);
  });

  it('detects the end of the log cut off, against a head noted earlier', async () => {
    const lines = await writeLog(4);
    const head = (await verifyAuditFile(file)).head!;
    await save(lines.slice(0, 3));
    expect((await verifyAuditFile(file)).ok).toBe(true);
    const report = await verifyAuditFile(file, head);
    expect(report.problems.map((p) => p.kind)).toEqual(['truncated']);
  });

  it('reports a write torn by a crash, and on the next opening keeps it and records it in the chain', async () => {
    const lines = await writeLog(3);
    const torn = lines[3]!.slice(0, 40);
    await save([...lines.slice(0, 3), torn], '');
    expect(await kinds()).toEqual(['4:torn']);

    const audit = await AuditLog.open(dir);
    await audit.record('search', { query: 'after the crash' });
    await audit.close();
    const text = await readFile(file, 'utf8');
    expect(text).toContain(`${torn}\n`);
    const report = await verifyAuditFile(file);
    expect(report).toMatchObject({ ok: true, recovered: [{ line: 4, acknowledgedBy: 4 }] });
    const ack = JSON.parse(text.split('\n')[4]!);
    expect(ack).toMatchObject({ seq: 4, event: 'audit.torn', details: { line: 4, bytes: 40 } });
  });

  it('takes an entry cut off just before its newline as complete', async () => {
    const lines = await writeLog(2);
    await save(lines, '');
    await writeLog(1);
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, entries: 5, recovered: [] });
  });

  it('exports CSV, quoting fields and defusing formulas, with invalid lines kept and marked', async () => {
    const audit = await AuditLog.open(dir);
    await audit.record('search', { query: '=HYPERLINK("x"), "chest pain"' });
    await audit.close();
    await writeFile(file, (await readFile(file, 'utf8')) + 'garbage\n');
    const csv = (await auditLogCsv(file)).split('\r\n');
    expect(csv[0]).toBe('seq,time,user,event,details,prev,hash,valid');
    expect(csv[2]).toContain(',search,"{""query"":""=HYPERLINK(\\""x\\""), \\""chest pain\\""""}",');
    expect(csv[3]).toBe(',,,,garbage,,,false');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('a,b')).toBe('"a,b"');
  });
});
