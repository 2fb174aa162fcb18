import { execFileSync, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO } from '../support';
import type { NetAttempt } from './straceLog';
import { parseStraceLog } from './straceLog';

export const GUARD = join(REPO, 'tests/integration/egress/netGuard.mjs');
export const SESSION = join(REPO, 'tests/integration/egress/session.ts');

function works(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const hasStrace = works('strace', ['-o', '/dev/null', 'true']);
/** A private network namespace (root with unshare): traced attempts are recorded but nothing can leave the box. */
export const hasSandbox = works('unshare', ['-n', '-m', 'true']);

// Variables by which onnxruntime decides it runs in CI and then sends nothing: a child must not inherit them, or a
// run in CI would prove nothing about the app on a clinician's machine.
const CI_VARS = ['CI', 'TF_BUILD', 'GITHUB_ACTIONS', 'JENKINS_URL', 'GITLAB_CI', 'BUILDKITE', 'CIRCLECI', 'TRAVIS'];
const CI_VARS_2 = ['APPVEYOR', 'TEAMCITY_VERSION', 'CODEBUILD_BUILD_ID', 'SYSTEM_TEAMFOUNDATIONCOLLECTIONURI'];

export interface TracedRun {
  stdout: string;
  stderr: string;
  code: number | null;
  strace?: string;
  attempts: NetAttempt[];
  guard: { kind: string; main?: boolean; api?: string; target?: string; threadId: number }[];
}

/**
 * Runs `node <args>` with the guard preloaded, under strace when the machine has it, in a network namespace whose
 * resolver is 127.0.0.1 when it can make one. The child's environment carries neither ORT_DISABLE_TELEMETRY nor the
 * CI markers: the code under test must switch telemetry off itself.
 */
export async function runTraced(dir: string, nodeArgs: string[], extraEnv: Record<string, string> = {}) {
  const straceLog = join(dir, `strace-${Date.now()}.log`);
  const guardLog = join(dir, `guard-${Date.now()}.jsonl`);
  const env: NodeJS.ProcessEnv = { ...process.env, LANCEDB_LOG: 'error', CLINOTE_EGRESS_LOG: guardLog, ...extraEnv };
  for (const v of [...CI_VARS, ...CI_VARS_2, 'ORT_DISABLE_TELEMETRY']) delete env[v];
  let argv = [process.execPath, '--import', 'tsx', '--import', GUARD, ...nodeArgs];
  if (hasStrace) {
    const trace = ['-f', '-qq', '-xx', '-s', '512', '-e', 'signal=none', '-o', straceLog];
    argv = ['strace', ...trace, '-e', 'trace=execve,connect,sendto,sendmsg,sendmmsg', ...argv];
  }
  if (hasSandbox) {
    const resolv = join(dir, 'resolv.conf');
    await writeFile(resolv, 'nameserver 127.0.0.1\n');
    const setup = `ip link set lo up 2>/dev/null; mount --bind ${resolv} /etc/resolv.conf && exec "$@"`;
    argv = ['unshare', '-n', '-m', 'sh', '-c', setup, 'sh', ...argv];
  }
  const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const strace = hasStrace ? await readFile(straceLog, 'utf8') : undefined;
  const guardText = await readFile(guardLog, 'utf8').catch(() => '');
  const guard = guardText
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TracedRun['guard'][number]);
  return { stdout, stderr, code, strace, attempts: strace ? parseStraceLog(strace) : [], guard } satisfies TracedRun;
}
