import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, EngineError } from '../../../electron/shared/result';
import { describeError } from './errors';

describe('describeError', () => {
  it('gives every error kind a title and keeps the engine’s words as detail', () => {
    for (const kind of ERROR_KINDS.filter((k) => k !== 'ModelMissing')) {
      const problem = describeError(new EngineError(kind, `engine says ${kind}`, 'file.pdf'));
      expect(problem.kind).toBe(kind);
      expect(problem.title.length).toBeGreaterThan(5);
      expect(problem.detail).toBe(`engine says ${kind}`);
    }
  });

  it('treats anything else thrown as an internal error', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatchObject({
      kind: 'Internal',
      detail: 'x is undefined',
    });
    expect(describeError('plain text')).toMatchObject({ kind: 'Internal', detail: 'plain text' });
  });

  const missing = new EngineError(
    'ModelMissing',
    'No embedding model is installed in /data/models. Run: clinote model fetch x (online) or clinote model import <folder>.',
  );

  it('tells the harness’s users the CLI command that installs a model', () => {
    expect(describeError(missing, 'browser')).toMatchObject({
      command: 'clinote model import <folder>',
      detail: expect.stringContaining('/data/models') as string,
    });
  });

  it('tells the desktop app’s users what to do in the app, with no command they don’t have', () => {
    const problem = describeError(missing, 'electron');
    expect(problem.command).toBeUndefined();
    expect(problem.advice).toContain('Settings → Search model');
    expect(problem.advice).toContain('manifest.json');
    expect(JSON.stringify(problem)).not.toMatch(/clinote |npx/);
  });
});
