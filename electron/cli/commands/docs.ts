import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openEngine, printJson } from '../context';
import type { GlobalOptions } from '../context';

export function registerDocs(program: Command): void {
  const docs = program.command('docs').description('the documents in the index');
  docs
    .command('list')
    .description('every document, with status, pages and chunks')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const engine = await openEngine(opts);
      try {
        const list = await engine.listDocuments();
        if (opts.json) return printJson(list);
        for (const d of list) {
          const state = d.status === 'ready' ? `${d.pages} p, ${d.chunks} chunks` : `ERROR: ${d.error}`;
          process.stdout.write(`${d.id}  ${d.type.padEnd(5)} ${d.title}  (${state})\n`);
        }
        process.stdout.write(`${list.length} document(s)\n`);
      } finally {
        await engine.close();
      }
    });
  docs
    .command('errors')
    .description('files that failed to import, with the reason')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const engine = await openEngine(opts);
      try {
        const failed = (await engine.listDocuments()).filter((d) => d.status === 'error');
        if (opts.json) return printJson(failed.map((d) => ({ id: d.id, path: d.path, error: d.error })));
        for (const d of failed) process.stdout.write(`${d.path}\n  ${d.error}\n`);
        process.stdout.write(`${failed.length} file(s) failed\n`);
      } finally {
        await engine.close();
      }
    });
  docs
    .command('remove')
    .description('remove documents (by id, or every document under a path) from the index')
    .argument('<ids-or-paths...>')
    .action(async (targets: string[], _o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const engine = await openEngine(opts, false, 'write');
      try {
        const all = await engine.listDocuments();
        const ids = all
          .filter((d) =>
            targets.some((t) => t === d.id || d.path === resolve(t) || d.path.startsWith(resolve(t) + '/')),
          )
          .map((d) => d.id);
        const { removed } = await engine.removeDocuments(ids);
        process.stdout.write(`${removed} document(s) removed\n`);
      } finally {
        await engine.close();
      }
    });
}
