/** What counts as clean: only a one-line UserError (or cancellation); everything else is a crash. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { classifyError, count, emptyTally, summary } from './testing/outcome.js';
import { isCleanCliError } from './testing/cli-bundle.js';

describe('classifyError', () => {
  it('accepts one-line UserErrors only', () => {
    expect(classifyError(new UserError('m.onnx: not an ONNX model'))).toEqual({
      kind: 'clean',
      detail: 'm.onnx: not an ONNX model',
    });
    expect(classifyError(new UserError('two\nlines')).kind).toBe('crash');
    expect(classifyError(new UserError('')).kind).toBe('crash');
    const t = classifyError(new TypeError("Cannot read properties of undefined (reading 'dims')"));
    expect(t.kind).toBe('crash');
    expect(t.detail).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'dims'\) at /);
    expect(classifyError('a string').kind).toBe('crash');
  });

  it('tallies and summarises', () => {
    const t = emptyTally();
    count(t, 'a', { kind: 'clean' });
    count(t, 'b', { kind: 'ok' });
    count(t, 'c', { kind: 'hang', detail: 'no answer' });
    expect(t.failures).toEqual([{ name: 'c', outcome: { kind: 'hang', detail: 'no answer' } }]);
    expect(summary('x', t)).toBe('x: 3 cases, 1 clean errors, 1 accepted, 0 crashes, 1 hangs');
  });
});

describe('isCleanCliError', () => {
  const run = (status: number | null, stderr: string, timedOut = false) => ({
    status,
    signal: null,
    stdout: '',
    stderr,
    timedOut,
  });
  it('wants exit 2 and exactly one error line (provider notes aside)', () => {
    expect(isCleanCliError(run(2, 'error: x.onnx: empty file\n'))).toBe(true);
    expect(isCleanCliError(run(2, 'note: webgpu: no adapter — using cpu\nerror: x\n'))).toBe(true);
    expect(isCleanCliError(run(1, 'error: x\n'))).toBe(false);
    expect(isCleanCliError(run(2, 'error: x\n    at foo (bar.js:1:1)\n'))).toBe(false);
    expect(isCleanCliError(run(2, ''))).toBe(false);
    expect(isCleanCliError(run(2, 'error: x\n', true))).toBe(false);
  });
});
