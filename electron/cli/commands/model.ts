import type { Command } from 'commander';
import { Option } from 'commander';
import { EngineError } from '../../shared/result';
import type { ImportOptions } from '../../core';
import { dirsFrom, loadCore, printJson } from '../context';
import type { GlobalOptions } from '../context';

export function registerModel(program: Command): void {
  const model = program.command('model').description('install and list embedding models');
  model
    .command('list')
    .description('installed models')
    .option('--json', 'print as JSON')
    .action(async (_o, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const { listInstalledModels } = await loadCore();
      const models = await listInstalledModels(dirsFrom(opts).modelsDir);
      if (opts.json) return printJson(models);
      if (models.length === 0) process.stdout.write(`No models installed in ${dirsFrom(opts).modelsDir}.\n`);
      for (const m of models) {
        process.stdout.write(
          `${m.id}  ${m.dims}-d  ${m.pooling} pooling  ${m.quantization}  max ${m.maxTokens} tokens  (${m.source}, ${m.licence})\n`,
        );
      }
    });
  model
    .command('import')
    .description('install a model folder (model.onnx or onnx/model.onnx, tokenizer.json, sentence-transformers files)')
    .argument('<folder>')
    .option('--id <id>', 'model id (default: the folder name)')
    .addOption(new Option('--pooling <p>', 'override pooling').choices(['cls', 'mean']))
    .option('--source <hub-id>', 'where the model came from, e.g. abhinand/MedEmbed-small-v0.1')
    .option('--licence <licence>', 'the model licence')
    .option('--query-prefix <text>', 'text put before every query')
    .option('--passage-prefix <text>', 'text put before every passage')
    .option('--max-tokens <n>', 'truncate inputs to this many tokens')
    .action(async (folder: string, o: ImportOptions & { maxTokens?: string }, cmd: Command) => {
      const { modelsDir } = dirsFrom(cmd.optsWithGlobals<GlobalOptions>());
      const maxTokens = o.maxTokens === undefined ? undefined : Number(o.maxTokens);
      if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 8)) {
        throw new EngineError('BadInput', `--max-tokens must be an integer of at least 8, not "${o.maxTokens}".`);
      }
      const { importModel } = await loadCore();
      const manifest = await importModel(folder, modelsDir, {
        ...o,
        maxTokens,
        log: (line) => process.stdout.write(`  ${line}\n`),
      });
      process.stdout.write(
        `Installed ${manifest.id} (${manifest.dims}-d, ${manifest.pooling} pooling, ${manifest.quantization}) in ${modelsDir}\n`,
      );
    });
  model
    .command('fetch')
    .description('download a model from the Hugging Face Hub (needs internet)')
    .argument('<hub-id>', 'e.g. abhinand/MedEmbed-small-v0.1')
    .action(async (hubId: string, _o, cmd: Command) => {
      const { modelsDir } = dirsFrom(cmd.optsWithGlobals<GlobalOptions>());
      const { fetchModel } = await loadCore();
      const manifest = await fetchModel(hubId, modelsDir);
      process.stdout.write(`Installed ${manifest.id} from ${hubId}\n`);
    });
}
