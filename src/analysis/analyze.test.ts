import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from './analyze.js';
import { FIXTURES, fixtureModels, type ExpectedModel } from './fixtures.js';
import { numel } from '../onnx/tensor.js';

const expected = JSON.parse(readFileSync(FIXTURES + 'meta/expected_analysis.json', 'utf8')) as Record<string, ExpectedModel>;

describe('analyze: every fixture export matches the PyTorch module tree', () => {
  const models = fixtureModels();
  it('covers every fixture model', () => {
    expect(models.map((m) => m.key).sort()).toEqual(Object.keys(expected).sort());
  });
  for (const { key, path } of models) {
    it(key, async () => {
      const want = expected[key]!;
      const a = await analyzeFile(path);
      expect(a.family).toBe(want.family);
      expect(a.numClasses).toBe(want.numClasses);
      expect(a.input.shape.slice(1)).toEqual(want.input);
      expect(a.stages.map((s) => s.blocks.length)).toEqual(want.blocksPerStage);
      const got = a.stages.flatMap((s) => s.blocks.map((b) => ({
        stage: s.name, name: b.name, type: b.type, in: b.in, out: b.out, stride: b.stride, cardinality: b.cardinality,
        radix: b.radix, attention: b.attention, downsample: b.downsample,
        tapShape: b.taps[0]?.shape ?? null, tapNumel: b.taps[0] ? numel(b.taps[0].shape) : 0,
      })));
      const exp = want.stages.flatMap((s) => s.blocks.map((b) => ({
        stage: s.name, name: b.name, type: b.type, in: b.in, out: b.out, stride: b.stride, cardinality: b.cardinality,
        radix: b.radix, attention: b.attention, downsample: b.downsample, tapShape: b.tapShape, tapNumel: b.tapNumel,
      })));
      expect(got).toEqual(exp);
    });
  }
});
