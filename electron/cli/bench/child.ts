import { spawn } from 'node:child_process';
import type { BenchOpts } from '../commands/bench';

/**
 * Runs `clinote bench <args> --json` in a fresh process (the command that is running now, with the same global
 * options) and returns its report: memory figures of one phase then never include another phase's leftovers.
 * The child's progress lines are passed on.
 */
export function benchInChild<T>(opts: BenchOpts, args: string[], log: (s: string) => void): Promise<T> {
  const argv = [
    process.argv[1]!,
    ...(opts.models ? ['--models', opts.models] : []),
    ...(opts.threads ? ['--threads', opts.threads] : []),
    'bench',
    '--notes',
    ...(opts.notes ?? []),
    '--queries',
    opts.queries,
    '--scale-only',
    '--json',
    ...(opts.model ? ['--model', opts.model] : []),
    ...(opts.s3 ? ['--s3', opts.s3] : []),
    ...args,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
      for (const line of d.toString().split('\n')) if (line.trim()) log(`  ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench ${args.join(' ')} failed (exit ${code}): ${err}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch (e) {
        reject(new Error(`bench ${args.join(' ')}: unreadable output (${(e as Error).message})`));
      }
    });
  });
}
