import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { blockSummary, expectedSummary, fixtureModels, loadExpected } from './testing/fixtures.js';
import { rewriteExport } from './testing/rewrite-export.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { onnx } from '../onnx/proto.js';

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

describe('weights held by Constant nodes instead of initializers', () => {
  for (const key of ['tiny_resnest_r4c2', 'tiny_skresnext', 'tiny_seresnet']) {
    it(key, async () => {
      const path = fixtureModels().find((m) => m.key === key)!.path;
      const m = onnx.ModelProto.decode(readFileSync(path));
      const g = m.graph!;
      const constants = g.initializer!.map((t) =>
        onnx.NodeProto.create({
          opType: 'Constant',
          name: `const_${t.name}`,
          output: [t.name!],
          attribute: [{ name: 'value', type: 4, t }],
        }),
      );
      g.node = [...constants, ...g.node!];
      g.initializer = [];
      const a = analyzeOnnx(await readOnnx(onnx.ModelProto.encode(m).finish()));
      const original = analyzeOnnx(await readOnnx(path));
      expect(blockSummary(a)).toEqual(expectedSummary(expected[key]!));
      expect(a.params).toBe(original.params);
      expect(a.macs).toBe(original.macs);
    });
  }
});
