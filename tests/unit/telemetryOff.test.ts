import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// onnxruntime reads ORT_DISABLE_TELEMETRY from the process environment when its environment starts. These checks
// keep every way the runtime gets loaded behind the switch; tests/integration/egress.test.ts proves the effect.
const REPO = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|mts|mjs|js)$/.test(e.name) ? [path] : [];
  });
}

describe('onnxruntime telemetry is switched off before the runtime loads', () => {
  const files = sources(join(REPO, 'electron'));

  it('every module that loads onnxruntime-node imports ortEnv first', () => {
    const loaders = files.filter((f) => /['"]onnxruntime-node['"]/.test(readFileSync(f, 'utf8')));
    expect(loaders.length).toBeGreaterThan(0);
    for (const file of loaders) {
      const text = readFileSync(file, 'utf8');
      const env = text.search(/^import '\.\/ortEnv';$/m);
      const runtime = text.search(/(from|import\() ?['"]onnxruntime-node['"]/);
      expect(env, `${relative(REPO, file)} must import './ortEnv' first`).toBeGreaterThanOrEqual(0);
      expect(env, relative(REPO, file)).toBeLessThan(runtime);
    }
  });

  it('the thread that starts the embedding worker sets it (a worker cannot change the native environment)', () => {
    const embedder = readFileSync(join(REPO, 'electron/core/embed/embedder.ts'), 'utf8');
    expect(embedder.split('\n')[0]).toBe("import './ortEnv';");
    expect(readFileSync(join(REPO, 'electron/core/embed/ortEnv.ts'), 'utf8')).toMatch(
      /^process\.env\.ORT_DISABLE_TELEMETRY = '1';$/m,
    );
  });

  it('the app starts its engine process, and the CLI itself, with telemetry off', () => {
    expect(readFileSync(join(REPO, 'electron/main/index.ts'), 'utf8')).toMatch(
      /utilityProcess\.fork\([\s\S]*?env: \{ \.\.\.process\.env, ORT_DISABLE_TELEMETRY: '1' \}/,
    );
    const launcher = readFileSync(join(REPO, 'electron/cli/clinote.mjs'), 'utf8');
    expect(launcher.indexOf("process.env.ORT_DISABLE_TELEMETRY = '1'")).toBeLessThan(launcher.indexOf('import('));
  });

  it('the Python tools set it before importing onnxruntime, and the bench passes it to them', () => {
    for (const tool of ['reference.py', 'build_test_models.py']) {
      const text = readFileSync(join(REPO, 'tests/tools', tool), 'utf8');
      const set = text.indexOf('os.environ["ORT_DISABLE_TELEMETRY"] = "1"');
      expect(set, tool).toBeGreaterThan(0);
      expect(set, tool).toBeLessThan(text.search(/^\s*(import onnxruntime|from onnxruntime)/m));
    }
    expect(readFileSync(join(REPO, 'electron/cli/bench/embedBench.ts'), 'utf8')).toContain(
      "env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' }",
    );
  });
});
