import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { PRESETS, buildModel, familyOf, validateSpec, type ResNetSpec } from '../zoo/index.js';

/** Every zoo preset, shrunk (2 blocks per stage max, narrow channels, 64 px) so the test stays fast. */
function shrink(name: string, spec: ResNetSpec): ResNetSpec {
  return validateSpec(
    {
      ...spec,
      layers: spec.layers.map((l) => Math.min(l, 2)),
      channels: [32, 64, 128, 256],
      inputSize: 64,
      numClasses: 10,
    },
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

/** Variants beyond the presets: ECA, SE on basic blocks, SK with three kernel paths, wide ResNet, other K/R. */
const EXTRA: Record<string, ResNetSpec> = {
  ecaresnet50: { ...PRESETS['resnet50']!, attention: 'eca' },
  ecaresnext50: { ...PRESETS['resnext50_32x4d']!, attention: 'eca' },
  skresnext50_3paths: {
    ...PRESETS['skresnext50_32x4d']!,
    sk: { ...PRESETS['skresnext50_32x4d']!.sk, kernelSizes: [3, 5, 7] },
  },
  wide_resnet50_2: { ...PRESETS['resnet50']!, baseWidth: 128 },
  resnext26_8x16d: { ...PRESETS['resnext50_32x4d']!, layers: [2, 2, 2, 2], cardinality: 8, baseWidth: 16 },
  resnest50d_2s4x16d: { ...PRESETS['resnest50d']!, radix: 2, cardinality: 4, baseWidth: 16 },
  seresnet18: { ...PRESETS['resnet18']!, attention: 'se' },
  ecaresnet18d: { ...PRESETS['resnet18']!, attention: 'eca', stemType: 'deep', avgDown: true },
};

describe('analysis round-trips every model the zoo builds (BN folded and not)', () => {
  for (const [i, [name, preset]] of [...Object.entries(PRESETS), ...Object.entries(EXTRA)].entries()) {
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
