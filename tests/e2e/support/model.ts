import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TEST_MODEL = 'all-minilm-l6-v2';

/** The real test model built by tests/tools/build_test_models.py (weights live outside the repo). */
export function testModelSource(name = TEST_MODEL): string | undefined {
  const base = process.env.CLINOTE_MODEL_CACHE ?? join(homedir(), '.cache/clinote/test-models');
  const dir = join(base, name);
  return existsSync(join(dir, 'model.onnx')) ? dir : undefined;
}

export const MISSING_MODEL_MESSAGE =
  `The test model "${TEST_MODEL}" is not built (looked in $CLINOTE_MODEL_CACHE or ~/.cache/clinote/test-models). ` +
  'Build it with: python -m pip install -r tests/tools/requirements.txt && python tests/tools/build_test_models.py';
