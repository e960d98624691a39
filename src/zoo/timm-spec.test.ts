/** timm kwargs → ResNetSpec: the fixtures' specs, and one clear error per bad field. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { buildModel } from './build-model.js';
import { PRESETS } from './presets.js';
import { specFromTimmKwargs } from './timm-spec.js';
import { FIXTURES } from '../testing/fixtures.js';

const TINY = `${FIXTURES}tiny/`;
const tinyKwargs = (name: string): Record<string, unknown> =>
  (JSON.parse(readFileSync(`${TINY}${name}/ref.json`, 'utf8')) as { spec: Record<string, unknown> }).spec;

describe('specFromTimmKwargs', () => {
  it('reads a ResNeSt fixture spec', () => {
    const s = specFromTimmKwargs(tinyKwargs('tiny_resnest_r4c2'), { inputSize: 64 });
    expect(s).toMatchObject({
      block: 'resnest_bottleneck',
      layers: [1, 1, 1, 1],
      channels: [8, 16, 32, 64],
      cardinality: 2,
      baseWidth: 64,
      stemType: 'deep',
      stemWidth: 8,
      avgDown: true,
      radix: 4,
      avd: true,
      avdFirst: true,
      numClasses: 10,
      inputSize: 64,
    });
  });

  it('reads SK options and the SE attention layer', () => {
    const sk = specFromTimmKwargs(tinyKwargs('tiny_skresnet_basic'));
    expect(sk.block).toBe('sk_basic');
    expect(sk.sk).toEqual({ rdRatio: 0.25, rdDivisor: 8, splitInput: true, kernelSizes: [3, 5], keep3x3: true });
    expect(specFromTimmKwargs(tinyKwargs('tiny_seresnext')).attention).toBe('se');
  });

  it('timm kwargs of a preset give the preset', () => {
    const kwargs = {
      block: 'ResNestBottleneck',
      layers: [3, 4, 6, 3],
      stem_type: 'deep',
      stem_width: 32,
      avg_down: true,
      base_width: 64,
      cardinality: 1,
      block_args: { radix: 2, avd: true, avd_first: false },
    };
    expect(specFromTimmKwargs(kwargs)).toEqual(PRESETS.resnest50d);
  });

  it.each([
    [{ block: 'Bottle', layers: [1, 1, 1, 1] }, /^timm spec: block: unknown block class "Bottle"/],
    [{ block: 'Bottleneck', layers: [1, 1, 1] }, /^timm spec: layers: /],
    [
      { block: 'Bottleneck', layers: [1, 1, 1, 1], output_stride: 16 },
      /^timm spec: output_stride: only 32 is supported/,
    ],
    [{ block: 'Bottleneck', layers: [1, 1, 1, 1], foo: 1 }, /^timm spec: foo: unsupported ResNet kwarg/],
    [
      { block: 'Bottleneck', layers: [1, 1, 1, 1], block_args: { attn_layer: 'cbam' } },
      /block_args\.attn_layer: unsupported attention 'cbam'/,
    ],
    [
      { block: 'BasicBlock', layers: [1, 1, 1, 1], cardinality: 4 },
      /^timm spec: cardinality: basic blocks support cardinality 1 only/,
    ],
    [{ block: 'Bottleneck', layers: [1, 1, 1, 1], stem_type: 'wide' }, /^timm spec: stem_type: /],
    [{ layers: [1, 1, 1, 1] }, /^timm spec: block: missing/],
    [
      { block: 'SelectiveKernelBasic', layers: [1, 1, 1, 1], block_args: { sk_kwargs: { rd_ratio: 2 } } },
      /^timm spec: block_args\.sk_kwargs\.rd_ratio: /,
    ],
    [[1, 2], /must be a JSON object/],
    [
      { block: 'ResNestBottleneck', layers: [1, 1, 1, 1], channels: [8, 16, 32, 64], block_args: { radix: 3 } },
      /^timm spec: block_args\.radix: stage 1: width 8 does not split into 1 groups x 3 splits/,
    ],
    [
      { block: 'Bottleneck', layers: [1, 1, 1, 1], channels: [8, 16, 32, 64], cardinality: 32, base_width: 4 },
      /^timm spec: base_width: stage 1 has no channels per group/,
    ],
    [
      { block: 'SelectiveKernelBasic', layers: [1, 1, 1, 1], channels: [9, 16, 32, 64] },
      /^timm spec: block_args\.sk_kwargs\.split_input: split input needs SK input widths divisible by 2 paths/,
    ],
  ])('rejects %j', (kwargs, message) => {
    expect(() => specFromTimmKwargs(kwargs)).toThrow(message);
  });
});

describe('spec corners without a fixture build valid graphs that run', () => {
  const small = { layers: [1, 2, 1, 1], channels: [8, 16, 32, 64], num_classes: 5 };
  it.each([
    [
      'ResNeSt radix 0 (plain grouped conv + avd)',
      { ...small, block: 'ResNestBottleneck', cardinality: 2, block_args: { radix: 0, avd: true } },
      0,
    ],
    [
      'ResNeSt without avd',
      { ...small, block: 'ResNestBottleneck', stem_type: 'deep', stem_width: 8, block_args: { radix: 2, avd: false } },
      5,
    ],
    [
      'deep_tiered stem, avg_down ResNeXt',
      {
        ...small,
        block: 'Bottleneck',
        stem_type: 'deep_tiered',
        stem_width: 16,
        avg_down: true,
        cardinality: 4,
        base_width: 16,
      },
      0,
    ],
    [
      'SK with three 3x3/5x5/7x7 paths, no 3x3 dilation trick',
      {
        ...small,
        block: 'SelectiveKernelBottleneck',
        block_args: { sk_kwargs: { kernel_size: [3, 5, 7], keep_3x3: false, split_input: false } },
      },
      5,
    ],
    [
      'SK bottleneck with split input and SE',
      {
        ...small,
        block: 'SelectiveKernelBottleneck',
        block_args: { attn_layer: 'se', sk_kwargs: { split_input: true } },
      },
      10,
    ],
  ])('%s', async (_, kwargs, attnOutputs) => {
    const spec = specFromTimmKwargs(kwargs, { inputSize: 96 });
    const model = await buildModel({ spec, seed: 11 });
    expect(model.attentionOutputs).toHaveLength(attnOutputs);
    const session = await new OrtEngine().load(model.onnx, { providers: ['cpu'], intraOpThreads: 1 });
    try {
      const x = Float32Array.from({ length: 2 * 3 * 96 * 96 }, (_, i) => Math.cos(i * 0.11));
      const out = await session.run({ input: { data: x, dims: [2, 3, 96, 96] } });
      expect(out.logits!.dims).toEqual([2, 5]);
      expect(out.logits!.data.every(Number.isFinite)).toBe(true);
      expect(Object.keys(out)).toHaveLength(1 + attnOutputs);
    } finally {
      await session.release();
    }
  });
});

describe('ECA attention (timm EcaModule)', () => {
  it('builds, runs and exposes a [B, 1, C] sigmoid gate per block', async () => {
    const spec = specFromTimmKwargs(
      { block: 'Bottleneck', layers: [1, 1, 1, 1], channels: [8, 16, 32, 64], block_args: { attn_layer: 'eca' } },
      { inputSize: 64 },
    );
    const model = await buildModel({ spec, seed: 3 });
    expect(model.attentionOutputs).toEqual([
      'attn:layer1.0.se.gate',
      'attn:layer2.0.se.gate',
      'attn:layer3.0.se.gate',
      'attn:layer4.0.se.gate',
    ]);
    const session = await new OrtEngine().load(model.onnx, { providers: ['cpu'], intraOpThreads: 1 });
    try {
      const out = await session.run({ input: { data: new Float32Array(3 * 64 * 64).fill(0.5), dims: [1, 3, 64, 64] } });
      expect(out['attn:layer4.0.se.gate']!.dims).toEqual([1, 1, 256]);
      expect(out['attn:layer4.0.se.gate']!.data.every((v) => v > 0 && v < 1)).toBe(true);
    } finally {
      await session.release();
    }
  });
});
