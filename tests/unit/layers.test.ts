import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js, checked by linting one-line files placed in each layer: an import that
// crosses a boundary must fail the lint, and the imports each layer is meant to use must pass.
const REPO = resolve(import.meta.dirname, '../..');

const CASES: Array<{ file: string; from: string; allowed: boolean }> = [
  { file: 'electron/shared/probe.ts', from: './contract', allowed: true },
  { file: 'electron/shared/transport/probe.ts', from: '../result', allowed: true },
  { file: 'electron/shared/transport/probe.ts', from: 'zod', allowed: true },
  { file: 'electron/shared/probe.ts', from: 'node:fs', allowed: false },
  { file: 'electron/shared/probe.ts', from: 'electron', allowed: false },
  { file: 'electron/shared/probe.ts', from: 'ws', allowed: false },
  { file: 'electron/shared/probe.ts', from: '../core/engine', allowed: false },
  { file: 'electron/shared/transport/probe.ts', from: '../../main/protocol', allowed: false },
  { file: 'electron/shared/probe.ts', from: '../harness/devBridge', allowed: false },

  { file: 'electron/core/probe.ts', from: '../shared/result', allowed: true },
  { file: 'electron/core/embed/probe.ts', from: 'node:worker_threads', allowed: true },
  { file: 'electron/core/probe.ts', from: 'electron', allowed: false },
  { file: 'electron/core/embed/probe.ts', from: '../../main/engineHost', allowed: false },
  { file: 'electron/core/probe.ts', from: '../preload/engineLink', allowed: false },
  { file: 'electron/core/probe.ts', from: '../utility/seedModels', allowed: false },
  { file: 'electron/core/probe.ts', from: '../harness/devBridge', allowed: false },
  { file: 'electron/core/probe.ts', from: '../../renderer/src/lib/errors', allowed: false },
  { file: 'electron/core/probe.ts', from: '../cli/main', allowed: false },
  { file: 'electron/core/probe.ts', from: 'ws', allowed: false },

  { file: 'electron/utility/probe.ts', from: '../core', allowed: true },
  { file: 'electron/utility/probe.ts', from: '../core/engine', allowed: false },
  { file: 'electron/utility/probe.ts', from: '../main/engineHost', allowed: false },
  { file: 'electron/utility/probe.ts', from: '../harness/devBridge', allowed: false },

  { file: 'electron/main/probe.ts', from: 'electron', allowed: true },
  { file: 'electron/main/probe.ts', from: '../shared/transport/shell', allowed: true },
  { file: 'electron/main/probe.ts', from: '../core/engine', allowed: false },
  { file: 'electron/main/probe.ts', from: '../core', allowed: false },
  { file: 'electron/main/probe.ts', from: '../utility/failedEngine', allowed: false },
  { file: 'electron/main/probe.ts', from: '../preload/engineLink', allowed: false },

  { file: 'electron/preload/probe.ts', from: 'electron', allowed: true },
  { file: 'electron/preload/probe.ts', from: './engineLink', allowed: true },
  { file: 'electron/preload/probe.ts', from: '../shared/transport/rpc', allowed: true },
  { file: 'electron/preload/probe.ts', from: 'zod', allowed: false },
  { file: 'electron/preload/probe.ts', from: 'node:fs', allowed: false },
  { file: 'electron/preload/probe.ts', from: '../core/engine', allowed: false },
  { file: 'electron/preload/probe.ts', from: '../main/shellIpc', allowed: false },
  { file: 'electron/preload/probe.ts', from: '../shared/../core/engine', allowed: false },

  { file: 'electron/harness/probe.ts', from: '../shared/transport/rpc', allowed: true },
  { file: 'electron/harness/probe.ts', from: '../core', allowed: true },
  { file: 'electron/harness/probe.ts', from: 'node:http', allowed: true },
  { file: 'electron/harness/probe.ts', from: '../core/library/library', allowed: false },
  { file: 'electron/harness/probe.ts', from: 'electron', allowed: false },
  { file: 'electron/harness/probe.ts', from: '../main/protocol', allowed: false },

  { file: 'electron/cli/commands/probe.ts', from: '../../core', allowed: true },
  { file: 'electron/cli/commands/probe.ts', from: '../../shared/result', allowed: true },
  { file: 'electron/cli/commands/probe.ts', from: 'commander', allowed: true },
  { file: 'electron/cli/commands/probe.ts', from: '../../core/models/modelService', allowed: false },
  { file: 'electron/cli/probe.ts', from: '../core/index/lanceChunkIndex', allowed: false },
  { file: 'electron/cli/probe.ts', from: 'electron', allowed: false },
  { file: 'electron/cli/probe.ts', from: '../harness/devBridge', allowed: false },
  { file: 'electron/core/probe.ts', from: '../cli/commands/search', allowed: false },

  { file: 'renderer/src/lib/probe.ts', from: '../../../electron/shared/transport/rpc', allowed: true },
  { file: 'renderer/src/lib/probe.ts', from: 'svelte', allowed: true },
  { file: 'renderer/src/lib/probe.ts', from: '../../../electron/core/engine', allowed: false },
  { file: 'renderer/src/lib/probe.ts', from: '../../../electron/preload/engineLink', allowed: false },
  { file: 'renderer/src/lib/probe.ts', from: '../../../electron/main/csp', allowed: false },
  { file: 'renderer/src/lib/probe.ts', from: '../../../electron/harness/devBridge', allowed: false },
  { file: 'renderer/src/lib/probe.ts', from: 'electron', allowed: false },
  { file: 'renderer/src/lib/probe.ts', from: 'node:path', allowed: false },
];

describe('layer boundaries in the lint config', () => {
  let eslint: ESLint;
  beforeAll(async () => {
    eslint = new ESLint({ cwd: REPO });
    // The first lint loads the config and its plugins: seconds on a busy machine, paid here and not by one case.
    await eslint.lintText('\n', { filePath: resolve(REPO, 'electron/shared/probe.ts') });
  }, 60_000);

  it.each(CASES)('$file importing "$from": allowed $allowed', async ({ file, from, allowed }) => {
    const [result] = await eslint.lintText(`import '${from}';\n`, { filePath: resolve(REPO, file) });
    const crossings = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    expect(result!.messages.filter((m) => m.ruleId !== 'no-restricted-imports')).toEqual([]);
    expect(crossings.length > 0 ? 'fails lint' : 'passes lint').toBe(allowed ? 'passes lint' : 'fails lint');
  });
});
