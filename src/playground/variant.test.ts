/**
 * Variants end to end in the core: edits become the spec timm would build (knobs read back), the
 * saved timm kwargs JSON round-trips (and is what `build --timm-spec` reads), an exported ONNX
 * analyses back to the same K, R and attention block by block, and invalid combinations come back
 * as one-line reasons, all of them, before anything is built.
 */
import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from '../analysis/index.js';
import { decodeModel } from '../onnx/index.js';
import { buildModel, specFromTimmKwargs } from '../zoo/index.js';
import type { VariantEdits } from '../common/playground.js';
import { describeVariant, variantGraph } from './index.js';
import { resolveVariant } from './variant.js';

function ok(base: string, edits: VariantEdits) {
  const s = describeVariant({ base, edits });
  if (!s.ok) throw new Error(s.reasons.join('; '));
  return s;
}

describe('edits', () => {
  it('turn resnest50d into the 4s2x40d architecture timm ships, knobs and all', () => {
    const s = ok('resnest50d', { radix: 4, cardinality: 2, baseWidth: 40, avd: 'before' });
    expect(s.knobs).toEqual({
      cardinality: 2,
      radix: 4,
      baseWidth: 40,
      layers: [3, 4, 6, 3],
      attention: 'splat',
      stem: 'deep',
      avgDown: true,
      avd: 'before',
    });
    expect(s.label).toBe('resnest50d R4 K2 w40 avd before');
    // Exactly timm's resnest50d_4s2x40d: its published top-1 comes with it.
    expect(s.published?.top1).toBe(81.146);
    expect(s.published?.source).toContain('resnest50d_4s2x40d.in1k');
  });

  it("find the ResNeSt authors' K/R ablation row for a ResNeSt-50-fast variant", () => {
    const s = ok('resnest50d', { radix: 1, cardinality: 1, avd: 'before' });
    expect(s.published).toMatchObject({
      top1: 80.33,
      url: 'https://github.com/zhanghang1989/ResNeSt/blob/master/ablation.md',
    });
    expect(ok('resnest50d', { radix: 2, cardinality: 2, baseWidth: 32 }).published).toBeUndefined();
  });

  it('switch attention kinds through timm block classes', () => {
    expect(ok('resnet50', { attention: 'se' }).timmSpec).toMatchObject({
      block: 'Bottleneck',
      block_args: { attn_layer: 'se' },
    });
    expect(ok('resnet50', { attention: 'sk', radix: 3 }).timmSpec).toMatchObject({
      block: 'SelectiveKernelBottleneck',
      block_args: { sk_kwargs: { kernel_size: [3, 5, 7] } },
    });
    expect(ok('resnet50', { attention: 'splat', radix: 2 }).timmSpec).toMatchObject({
      block: 'ResNestBottleneck',
      block_args: { radix: 2, avd: true, avd_first: false },
    });
    expect(ok('resnest50d', { attention: 'eca', avd: 'none' }).family).toBe('ecaresnet');
    expect(ok('resnet18', { attention: 'sk' }).timmSpec.block).toBe('SelectiveKernelBasic');
  });
});

describe('saved JSON', () => {
  it.each<[string, VariantEdits]>([
    ['resnest50d', { radix: 4, cardinality: 2, baseWidth: 40, avd: 'before' }],
    ['resnest50d', { radix: 0, stem: 'plain', avgDown: false, avd: 'none' }],
    ['resnet50', { attention: 'eca', layers: [2, 2, 2, 2] }],
    ['resnext50_32x4d', { attention: 'sk', radix: 2 }],
    ['seresnet50', { cardinality: 8, baseWidth: 8 }],
  ])('%s %j round-trips through timm kwargs', (base, edits) => {
    const s = ok(base, edits);
    const text = JSON.stringify(s.timmSpec);
    // What `splitlens build --timm-spec` reads is the spec itself.
    expect(specFromTimmKwargs(JSON.parse(text))).toEqual(s.spec);
    const again = describeVariant({ timmSpec: JSON.parse(text) as Record<string, unknown>, base: s.label });
    expect(again.ok && again.timmSpec).toEqual(s.timmSpec);
    expect(again.ok && again.knobs).toEqual(s.knobs);
    expect(again.ok && again.cost).toEqual(s.cost);
  });

  it('keeps the edits applied on top of a loaded spec', () => {
    const loaded = ok('resnest50d', { radix: 4 }).timmSpec;
    const s = describeVariant({ timmSpec: loaded, edits: { cardinality: 2, baseWidth: 32 } });
    expect(s.ok && s.knobs).toMatchObject({ radix: 4, cardinality: 2, baseWidth: 32 });
  });
});

describe('an exported ONNX analyses back to the variant', () => {
  it.each<[string, VariantEdits]>([
    ['resnest50d', { radix: 4, cardinality: 2, baseWidth: 32, layers: [1, 1, 2, 1] }],
    ['resnest50d', { radix: 1, cardinality: 4, baseWidth: 16, layers: [1, 2, 1, 1] }],
    ['resnet50', { attention: 'se', cardinality: 8, baseWidth: 8, layers: [1, 1, 1, 1] }],
    ['resnet50', { attention: 'sk', radix: 3, cardinality: 4, baseWidth: 16, layers: [1, 1, 1, 1] }],
    ['resnet50', { attention: 'eca', layers: [1, 1, 1, 1] }],
  ])('%s %j: K, R and attention block by block', async (base, edits) => {
    const s = ok(base, edits);
    const spec = { ...s.spec!, numClasses: 10, inputSize: 64 };
    // The stripped graph and the built model (weights) are the same architecture.
    for (const bytes of [variantGraph(spec, 'v'), (await buildModel({ spec, name: 'v' })).onnx]) {
      const a = analyzeOnnx(decodeModel(bytes, 'v.onnx'));
      const blocks = a.stages.flatMap((st) => st.blocks);
      expect(blocks.length).toBe(spec.layers.reduce((x, y) => x + y, 0));
      const want = { splat: 'splat', sk: 'sk', se: 'se', eca: 'eca', none: 'none' }[s.knobs.attention];
      for (const b of blocks) {
        expect({ k: b.cardinality, r: b.radix, attention: b.attention }).toEqual({
          k: s.knobs.cardinality,
          r: s.knobs.attention === 'splat' || s.knobs.attention === 'sk' ? s.knobs.radix : 1,
          attention: want,
        });
      }
    }
  });
});

describe('invalid variants', () => {
  it.each<[string, VariantEdits, RegExp]>([
    [
      'resnest50d',
      { radix: 3, cardinality: 2, baseWidth: 40 },
      /^R: stage 1: width 80 does not split into 2 groups x 3 splits$/,
    ],
    ['resnet50', { radix: 2 }, /^R = 2 needs split attention or SK: none blocks have one path \(R = 1\)$/],
    ['resnet50', { attention: 'sk', radix: 5 }, /^SK chooses between 2 to 4 kernel paths: R = 5 is not one of them$/],
    ['resnet18', { attention: 'splat' }, /^split attention needs bottleneck blocks/],
    ['resnet50', { avd: 'after' }, /^avd \(after the 3x3\) is a ResNeSt block option/],
    ['resnet50', { layers: [3, 0, 6, 3] }, /^depth of stage 2: /],
    ['resnet50', { cardinality: 0 }, /^K: /],
    ['resnet18', { cardinality: 4 }, /^K: basic blocks support cardinality 1 only$/],
  ])('%s %j: %s', (base, edits, reason) => {
    const r = resolveVariant({ base, edits });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons.some((x) => reason.test(x))).toBe(true);
    for (const x of r.reasons) expect(x).not.toContain('\n');
  });

  it('names an unknown preset and a bad saved spec in one line', () => {
    const unknown = describeVariant({ base: 'resnet9000' });
    expect(unknown.ok === false && unknown.reasons[0]).toMatch(/^unknown preset 'resnet9000'; valid: resnet18, /);
    const bad = describeVariant({ timmSpec: { block: 'Bottleneck', layers: [3, 4, 6, 3], radixx: 2 } });
    expect(bad.ok === false && bad.reasons).toEqual(['timm spec: radixx: unsupported ResNet kwarg']);
  });

  it('lists every problem, not just the first', () => {
    const r = resolveVariant({ base: 'resnet50', edits: { radix: 2, avd: 'before', layers: [0, 1, 1, 1] } });
    expect(r.ok === false && r.reasons.length).toBe(3);
  });
});
