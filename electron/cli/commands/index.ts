import type { Command } from 'commander';
import type { ImportSummary } from '../../shared/types';
import { openEngine, printJson } from '../context';
import type { GlobalOptions } from '../context';
import { progressBar } from '../progress';

export function registerIndex(program: Command, setExit: (code: number) => void): void {
  program
    .command('index')
    .description('import files and folders (recursively) into the index; unchanged files are skipped')
    .argument('<paths...>', 'files or folders')
    .option(
      '--model <id>',
      'model for a new index (default: MedEmbed-small, else bge-small int8, fp32, MiniLM, else the first installed)',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], _o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const engine = await openEngine(opts, true, 'write');
      try {
        const bar = progressBar('Indexing', !opts.json, 'files');
        engine.on('jobs/progress', (p) =>
          bar.update(p.filesDone, p.filesTotal, {
            detail: `${p.pagesDone} pages · ${p.chunksDone} chunks${p.errors.length ? ` · ${p.errors.length} failed` : ''}`,
            etaSeconds: p.etaSeconds,
            label: p.currentFile ?? '',
          }),
        );
        // An interrupted import resumed at start-up finishes before this one.
        await engine.whenIdle();
        const { jobId } = await engine.importFiles(paths);
        const summary = await engine.waitForJob(jobId);
        bar.stop();
        // Peak resident memory of the whole process (engine, embedding and OCR workers), for scripts and benchmarks.
        const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
        if (opts.json) printJson({ ...summary, peakRssMb });
        else printSummary(summary);
        if (summary.failed.length) setExit(3);
      } finally {
        await engine.close();
      }
    });
}

function printSummary(s: ImportSummary): void {
  const parts = [`${s.added} added`, `${s.updated} updated`, `${s.unchanged} unchanged`, `${s.failed.length} failed`];
  process.stdout.write(`${parts.join(', ')}${s.cancelled ? ' (cancelled)' : ''}\n`);
  for (const f of s.failed) process.stdout.write(`  ✗ ${f.message} [${f.kind}]\n`);
}
