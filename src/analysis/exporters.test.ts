import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { blockSummary, expectedSummary, fixtureModels, loadExpected } from './fixtures.js';
import { rewriteExport } from './rewrite-export.js';
import { readOnnx } from '../onnx/read-onnx.js';

const expected = loadExpected();

describe('generic names, opset 18 and another node order give the same architecture', () => {
  for (const { key, path } of fixtureModels()) {
    it(key, async () => {
      const original = analyzeOnnx(await readOnnx(path));
      const { bytes, renamed } = rewriteExport(readFileSync(path));
      const a = analyzeOnnx(await readOnnx(bytes));
      expect(a.opset).toBe(18);
      expect(a.family).toBe(expected[key]!.family);
      expect(blockSummary(a)).toEqual(expectedSummary(expected[key]!));
      // The taps are the same tensors, under their new names.
      const taps = (x: typeof a) => x.stages.flatMap((s) => s.blocks.flatMap((b) => b.taps.map((t) => t.tensor)));
      expect(taps(a)).toEqual(taps(original).map((t) => renamed.get(t)));
      expect(a.params).toBe(original.params);
      expect(a.macs).toBe(original.macs);
    });
  }
});
