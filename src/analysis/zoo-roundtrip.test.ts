import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { PRESETS, buildModel, familyOf, validateSpec, type ResNetSpec } from '../zoo/index.js';

/** Every zoo preset, shrunk (2 blocks per stage max, narrow channels, 64 px) so the test stays fast. */
function shrink(name: string, spec: ResNetSpec): ResNetSpec {
  return validateSpec(
    { ...spec, layers: spec.layers.map((l) => Math.min(l, 2)), channels: [32, 64, 128, 256], inputSize: 64, numClasses: 10 },
    name,
  );
}

function expectedRadix(spec: ResNetSpec): number {
  if (spec.block === 'resnest_bottleneck') return spec.radix;
  if (spec.block === 'sk_basic' || spec.block === 'sk_bottleneck') return spec.sk.kernelSizes.length;
  return 1;
}

function expectedAttention(spec: ResNetSpec): string {
  if (spec.block === 'resnest_bottleneck') return 'splat';
  if (spec.block === 'sk_basic' || spec.block === 'sk_bottleneck') return 'sk';
  return spec.attention;
}

describe('analysis round-trips every model the zoo builds (BN folded and not)', () => {
  for (const [i, [name, preset]] of Object.entries(PRESETS).entries()) {
    const foldBn = i % 2 === 0;
    it(`${name}${foldBn ? '' : ' (BatchNorm kept)'}`, async () => {
      const spec = shrink(name, preset);
      const built = await buildModel({ spec, seed: 1, foldBn });
      const a = analyzeOnnx(await readOnnx(built.onnx));
      expect(a.family).toBe(familyOf(spec));
      expect(a.numClasses).toBe(10);
      expect(a.stem.type).toBe(spec.stemType === '' ? 'plain' : 'deep');
      expect(a.stages.map((s) => s.blocks.length)).toEqual(spec.layers);
      const blocks = a.stages.flatMap((s) => s.blocks);
      for (const b of blocks) {
        expect(b.type).toBe(spec.block.endsWith('basic') ? 'basic' : 'bottleneck');
        expect(b.cardinality).toBe(spec.cardinality);
        expect(b.radix).toBe(expectedRadix(spec));
        expect(b.attention).toBe(expectedAttention(spec));
      }
      // Taps are the builder's own attn:<module path> outputs, one per block, in block order.
      expect(blocks.flatMap((b) => b.taps.map((t) => t.tensor))).toEqual(built.attentionOutputs);
      // Folding BatchNorm into convs changes the count (see docs/families.md); kept BN matches timm exactly.
      if (!foldBn) expect(a.params).toBe(built.params);
    });
  }
});
