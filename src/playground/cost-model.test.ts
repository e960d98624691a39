/**
 * The cost model (closed form, from the spec) against the model the builder emits: for a grid of
 * K, R and attention kinds on resnest50d / resnet50 / resnet18 bases, its params equal the ONNX
 * initializers' count (BatchNorm unfolded: timm's count) and its MACs equal src/analysis's count
 * of the emitted graph; the parts and stages add up to the totals.
 */
import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from '../analysis/index.js';
import { decodeModel } from '../onnx/index.js';
import { buildGraph, specParamCount, type ResNetSpec } from '../zoo/index.js';
import { COST_PARTS, type VariantAttention, type VariantEdits } from '../common/playground.js';
import { variantCost } from './cost-model.js';
import { resolveVariant } from './variant.js';

function emitted(spec: ResNetSpec): { params: number; macs: number; foldedMacs: number } {
  const unfolded = analyzeOnnx(decodeModel(buildGraph(spec, 'v', false, false), 'v.onnx'));
  const folded = analyzeOnnx(decodeModel(buildGraph(spec, 'v'), 'v.onnx'));
  return { params: unfolded.params, macs: unfolded.macs, foldedMacs: folded.macs };
}

function spec(base: string, edits: VariantEdits): ResNetSpec {
  const r = resolveVariant({ base, edits });
  if (!r.ok) throw new Error(r.reasons.join('; '));
  return r.spec;
}

const GRID: [string, VariantEdits][] = [];
for (const radix of [0, 1, 2, 4])
  for (const cardinality of [1, 2, 4]) GRID.push(['resnest50d', { radix, cardinality, baseWidth: 64 / cardinality }]);
for (const attention of ['none', 'se', 'eca'] as VariantAttention[])
  for (const cardinality of [1, 32])
    GRID.push(['resnet50', { attention, cardinality, baseWidth: cardinality === 1 ? 64 : 4 }]);
for (const radix of [2, 3]) GRID.push(['resnext50_32x4d', { attention: 'sk', radix }]);
GRID.push(
  ['skresnet18', {}],
  ['resnet18', { attention: 'se' }],
  ['resnest50d', { avd: 'before', stem: 'plain', avgDown: false }],
);
GRID.push(['resnest50d', { layers: [1, 2, 1, 1], avd: 'none' }], ['resnest101e', { radix: 1 }]);

describe('variantCost equals the emitted model', () => {
  it.each(GRID)('%s %j', (base, edits) => {
    const s = spec(base, edits);
    const cost = variantCost(s);
    const onnx = emitted(s);
    expect(cost.params).toBe(onnx.params);
    expect(cost.params).toBe(specParamCount(s));
    expect(cost.macs).toBe(onnx.macs);
    expect(cost.macs).toBe(onnx.foldedMacs);
    expect(COST_PARTS.reduce((a, p) => a + cost.parts[p].params, 0)).toBe(cost.params);
    const inStages = cost.stages.reduce((a, st) => a + st.macs, 0);
    expect(inStages + cost.parts.stem.macs + cost.parts.head.macs).toBe(cost.macs);
  });
});
