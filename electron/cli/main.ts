import { Command, Option } from 'commander';
import { toErrorData } from '../shared/result';
import { registerAudit } from './commands/audit';
import { registerBench } from './commands/bench';
import { registerDocs } from './commands/docs';
import { registerEval } from './commands/eval';
import { registerIndex } from './commands/index';
import { registerModel } from './commands/model';
import { registerSearch } from './commands/search';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('clinote')
    .description('Offline semantic search over clinical notes and medical PDFs.')
    .option(
      '--db <dir|uri>',
      'data folder holding the index (default: the user data folder, or $CLINOTE_HOME), or a team library s3://bucket/prefix (endpoint and credentials from AWS_* variables or the storage settings file)',
    )
    .option('--models <dir>', 'folder of installed models (default: <user data folder>/models, or $CLINOTE_MODELS)')
    .addOption(new Option('--threads <n>', 'inference threads').default(undefined))
    .showHelpAfterError()
    .exitOverride();
  let exitCode = 0;
  const setExit = (code: number) => (exitCode = Math.max(exitCode, code));
  registerIndex(program, setExit);
  registerSearch(program);
  registerDocs(program);
  registerModel(program);
  registerEval(program);
  registerBench(program);
  registerAudit(program, setExit);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code?.startsWith('commander.'))
      return code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 2;
    const data = toErrorData(err);
    process.stderr.write(`clinote: ${data.message}\n`);
    return 1;
  }
  return exitCode;
}
