import type { Command } from 'commander';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('speed figures: embedding tokens/s (and the Python reference as a ratio), indexing, queries')
    .option('--json', 'print as JSON')
    .action(async () => {
      process.stdout.write('bench: not yet\n');
    });
}
