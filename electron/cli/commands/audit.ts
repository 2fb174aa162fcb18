import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { dirsFrom, loadCore, printJson } from '../context';
import type { GlobalOptions } from '../context';

interface AuditOptions extends GlobalOptions {
  expectHead?: { seq: number; hash: string };
  out?: string;
}

function parseHead(value: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected <seq>:<sha256>, as printed by `clinote audit verify`.');
  return { seq: Number(m[1]), hash: m[2]! };
}

export function registerAudit(program: Command, setExit: (code: number) => void): void {
  const audit = program.command('audit').description('the audit log of imports, searches and documents opened');
  audit
    .command('verify')
    .description('check that no entry was edited, removed or reordered (exit 1 when one was)')
    .option('--expect-head <seq:hash>', 'also check that the log still reaches an entry noted earlier', parseHead)
    .option('--json', 'print as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<AuditOptions>();
      const { verifyAuditLog } = await loadCore();
      const report = await verifyAuditLog(dirsFrom(opts).dataDir, opts.expectHead);
      if (!report.ok) setExit(1);
      if (opts.json) return printJson(report);
      for (const p of report.problems) process.stdout.write(`line ${p.line}: ${p.kind}: ${p.message}\n`);
      for (const r of report.recovered)
        process.stdout.write(`line ${r.line}: an entry torn by a crash, recorded by entry ${r.acknowledgedBy}\n`);
      const verdict = report.ok ? 'intact' : `${report.problems.length} problem(s)`;
      process.stdout.write(`${report.file}: ${report.entries} entries, ${verdict}\n`);
      if (report.head) process.stdout.write(`head: ${report.head.seq}:${report.head.hash}\n`);
    });
  audit
    .command('export')
    .description('write the audit log as CSV (to stdout, or to --out)')
    .option('--out <file>', 'CSV file to write')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<AuditOptions>();
      const { exportAuditLog } = await loadCore();
      const csv = await exportAuditLog(dirsFrom(opts).dataDir);
      if (opts.out) await writeFile(opts.out, csv, { mode: 0o600 });
      else process.stdout.write(csv);
    });
}
