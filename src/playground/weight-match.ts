/**
 * Which pretrained weights a variant can use: the timm checkpoint of a preset whose state-dict
 * layout (every key, every shape) is the variant's, and whose weightless wiring (ResNeSt's avd
 * placement) is the same too — weights of the same shapes trained for another graph are not that
 * graph's weights. A matching checkpoint in the verified cache (src/weights catalog) is used and
 * named; otherwise the variant is untrained, and the note says why.
 */
import type { VariantWeights } from '../common/playground.js';
import { PRESETS, stateDictLayout, type ResNetSpec } from '../zoo/index.js';
import { CHECKPOINTS, inspectCheckpoint, repoIdOf } from '../weights/index.js';

export interface WeightMatch extends VariantWeights {
  /** The verified cached `model.safetensors`, when `state` is pretrained. */
  path?: string;
}

const layouts = new Map<string, string>();

function layoutKey(spec: ResNetSpec): string {
  return JSON.stringify(stateDictLayout(spec));
}

function presetLayout(preset: string): string {
  let k = layouts.get(preset);
  if (k === undefined) layouts.set(preset, (k = layoutKey(PRESETS[preset]!)));
  return k;
}

/** Cheap test first: only presets with the same block, depth and widths can share a layout. */
const sameSkeleton = (a: ResNetSpec, b: ResNetSpec): boolean =>
  a.block === b.block &&
  a.layers.join() === b.layers.join() &&
  a.channels.join() === b.channels.join() &&
  a.numClasses === b.numClasses &&
  a.inChans === b.inChans;

/** The weights a variant runs with. */
export function matchWeights(spec: ResNetSpec): WeightMatch {
  let shapeOnly: string | undefined;
  let mine: string | undefined;
  for (const ck of CHECKPOINTS) {
    const preset = PRESETS[ck.preset];
    if (!preset || !sameSkeleton(spec, preset)) continue;
    mine ??= layoutKey(spec);
    if (presetLayout(ck.preset) !== mine) continue;
    if (preset.avd !== spec.avd || preset.avdFirst !== spec.avdFirst) {
      shapeOnly ??= ck.preset;
      continue;
    }
    const cached = inspectCheckpoint(ck.hfId);
    const repo = repoIdOf(ck.hfId);
    if (cached.state === 'verified')
      return {
        state: 'pretrained',
        checkpoint: ck.preset,
        path: cached.path,
        note: `pretrained: ${repo} (shapes match ${ck.preset})`,
      };
    const why = cached.state === 'damaged' ? `is damaged (${cached.problem})` : 'is not downloaded';
    return {
      state: 'untrained',
      checkpoint: ck.preset,
      note: `untrained: shapes match ${ck.preset}, whose checkpoint ${repo} ${why} — splitlens weights pull ${ck.preset}`,
    };
  }
  if (shapeOnly)
    return {
      state: 'untrained',
      note: `untrained: shapes match ${shapeOnly}'s checkpoint, but its avd placement differs, so those weights were trained for another graph`,
    };
  return { state: 'untrained', note: 'untrained: no pretrained checkpoint has these shapes (seeded random weights)' };
}
