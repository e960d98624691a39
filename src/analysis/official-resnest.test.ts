import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { officialResNeSt, type OfficialSpec } from './testing/official-resnest.js';
import { readOnnx, withExtraOutputs } from '../onnx/index.js';
import { OrtEngine } from '../runtime/engine/ort-engine.js';

const base: OfficialSpec = {
  radix: 2,
  cardinality: 2,
  layers: [2, 1, 1, 1],
  planes: [8, 16, 32, 64],
  stemWidth: 8,
  avdFirst: false,
  classes: 7,
  size: 64,
};

describe('official ResNeSt layout (Split/Add chains, GlobalAveragePool)', () => {
  for (const spec of [
    base,
    { ...base, radix: 4, cardinality: 1, avdFirst: true },
    { ...base, radix: 1, cardinality: 4 },
  ]) {
    it(`R=${spec.radix} K=${spec.cardinality}${spec.avdFirst ? ' avd_first' : ''}`, async () => {
      const model = await readOnnx(officialResNeSt(spec));
      const a = analyzeOnnx(model);
      expect(a.family).toBe('resnest');
      expect(a.numClasses).toBe(7);
      expect(a.stem.type).toBe('deep');
      expect(a.stages.map((s) => s.blocks.length)).toEqual(spec.layers);
      const blocks = a.stages.flatMap((s) => s.blocks);
      expect(blocks.map((b) => b.name)).toEqual(['layer1.0', 'layer1.1', 'layer2.0', 'layer3.0', 'layer4.0']);
      const planes = [8, 8, 16, 32, 64];
      const ins = [16, 32, 32, 64, 128];
      blocks.forEach((b, i) => {
        const c = planes[i]! * spec.cardinality;
        expect(b).toMatchObject({
          type: 'bottleneck',
          in: ins[i],
          out: planes[i]! * 4,
          stride: i >= 2 ? 2 : 1,
          downsample: i !== 1,
          cardinality: spec.cardinality,
          radix: spec.radix,
          attention: 'splat',
          width: c,
        });
        expect(b.taps[0]!.shape).toEqual(spec.radix > 1 ? [spec.radix, spec.cardinality, c / spec.cardinality] : [c]);
      });

      // Run it: every tap is a softmax over radix in [R, K, C/K] order (or a sigmoid gate for R = 1).
      const taps = blocks.map((b) => b.taps[0]!);
      const session = await new OrtEngine().load(
        withExtraOutputs(
          model,
          taps.map((t) => t.tensor),
        ),
        { providers: ['cpu'], intraOpThreads: 1 },
      );
      try {
        const input = new Float32Array(3 * 64 * 64).map((_, i) => Math.sin(i * 0.37));
        const out = await session.run({ input: { data: input, dims: [1, 3, 64, 64] } });
        expect(out.logits!.dims).toEqual([1, 7]);
        for (const tap of taps) {
          const v = out[tap.tensor]!.data;
          expect(v.length).toBe(tap.shape.reduce((x, y) => x * y, 1));
          if (spec.radix === 1) {
            expect(v.every((x) => x > 0 && x < 1)).toBe(true);
            continue;
          }
          const per = v.length / spec.radix;
          for (let j = 0; j < per; j++) {
            let s = 0;
            for (let r = 0; r < spec.radix; r++) s += v[r * per + j]!;
            expect(s).toBeCloseTo(1, 5);
          }
        }
      } finally {
        await session.release();
      }
    });
  }
});
