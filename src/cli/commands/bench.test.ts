import { describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.js';

describe('splitlens bench', () => {
  it.each([
    [
      ['bench', '--only', 'gpu'],
      "error: --only: unknown part 'gpu' (use build, analysis, runtime, ui, start, diagram, torch, playground, stats)\n",
    ],
    [['bench', '--runs', '0'], "error: --runs expects a positive integer, got '0'\n"],
    [['bench', '--ep', 'tpu'], "error: --ep expects auto, cpu, webgpu, cuda, dml, coreml; got 'tpu'\n"],
  ])('refuses %j with one line and exit 2', async (argv, message) => {
    const r = await runCaptured(argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(message);
  });
});
