/** A checkpoint's inferred spec → the plain `CheckpointInspection` the UI shows for confirmation. */
import type { CheckpointInspection } from './contract.js';
import { LAYOUT_NAMES, type LoadedCheckpoint } from '../checkpoint/index.js';
import { formatInputSize, specToTimmKwargs } from '../zoo/index.js';

const ATTENTION: Record<string, string> = {
  resnest_bottleneck: 'split attention (ResNeSt)',
  sk_basic: 'selective kernel (SK)',
  sk_bottleneck: 'selective kernel (SK)',
};

export function inspection(fileName: string, ck: LoadedCheckpoint): CheckpointInspection {
  const inf = ck.inferred;
  const s = inf.spec;
  return {
    fileName,
    family: inf.family,
    layout: LAYOUT_NAMES[inf.layout],
    block: s.block,
    stem: s.stemType ? `${s.stemType}, width ${s.stemWidth}` : 'plain 7x7',
    layers: [...s.layers],
    channels: [...s.channels],
    cardinality: s.cardinality,
    radix: s.block === 'resnest_bottleneck' ? s.radix : 1,
    baseWidth: s.baseWidth,
    attention: ATTENTION[s.block] ?? (s.attention === 'none' ? 'none' : s.attention.toUpperCase()),
    numClasses: s.numClasses,
    labels: inf.labels ? 'checkpoint' : s.numClasses === 1000 ? 'imagenet' : 'numbered',
    inputSize: formatInputSize(s.inputSize),
    assumptions: inf.assumptions.map((a) => ({ ...a })),
    ...(s.block === 'resnest_bottleneck' ? { avd: !s.avd ? 'none' : s.avdFirst ? 'before' : 'after' } : {}),
    timmSpec: specToTimmKwargs(s),
  };
}
