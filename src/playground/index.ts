/**
 * The architecture playground's core (issue 19): a variant (preset or saved timm spec + edits) →
 * validated spec with one-line reasons, its cost in closed form, the pretrained weights it can use,
 * the published accuracy of exactly its architecture, and its graph or built model. The Api adds
 * the diagram and the measured latency; the CLI's `sweep` walks a grid of them.
 */
import type { VariantRequest, VariantSummary } from '../common/playground.js';
import { buildGraph, buildModel, familyOf, specToTimmKwargs, type BuiltModel, type ResNetSpec } from '../zoo/index.js';
import { variantCost } from './cost-model.js';
import { knobsOf, resolveVariant } from './variant.js';
import { matchWeights } from './weight-match.js';
import { publishedAccuracy } from './published-accuracy.js';

export { variantCost } from './cost-model.js';
export { knobsOf, resolveVariant, variantLabel, type ResolvedVariant } from './variant.js';
export { matchWeights, type WeightMatch } from './weight-match.js';
export { publishedAccuracy, RESNEST_ABLATION, TIMM_RESULTS } from './published-accuracy.js';

/** Everything about a variant but its diagram and latency; reasons when it cannot be built. */
export function describeVariant(req: VariantRequest): VariantSummary & { spec?: ResNetSpec } {
  const r = resolveVariant(req);
  if (!r.ok) return { ok: false, label: r.label, reasons: r.reasons };
  const { path: _path, ...weights } = matchWeights(r.spec);
  const published = publishedAccuracy(r.spec);
  return {
    ok: true,
    label: r.label,
    family: familyOf(r.spec),
    knobs: knobsOf(r.spec),
    timmSpec: specToTimmKwargs(r.spec),
    cost: variantCost(r.spec),
    weights,
    ...(published ? { published } : {}),
    spec: r.spec,
  };
}

/** The variant's graph without weights (shapes kept): what diagrams, analysis and stripped exports need. */
export function variantGraph(spec: ResNetSpec, label: string): Uint8Array {
  return buildGraph(spec, label);
}

/** The variant with weights: the matching verified checkpoint, else seeded random (untrained). */
export function buildVariant(spec: ResNetSpec, label: string, seed = 0): Promise<BuiltModel> {
  const w = matchWeights(spec);
  return buildModel({ spec, name: label, seed, ...(w.path ? { weights: w.path } : {}) });
}
