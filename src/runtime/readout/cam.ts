/**
 * Class activation map (Zhou et al. 2016): the final stage's feature map weighted by the predicted
 * class's fc row — what global average pooling followed by the classifier sums up — min-max scaled
 * to 0..1. It crosses the Api at the feature map's resolution; `saliencyOnPhoto` (src/common)
 * samples it back onto the photo through the centre crop that produced the input.
 */
import type { TensorData } from '../engine/engine.js';
import type { CamHead } from '../engine/model-meta.js';

export type { CropWindow } from '../../common/photo-run.js';

/** CAM on the feature grid `[h, w]` for image `b`, min-max scaled to 0..1. */
export function camGrid(
  features: TensorData,
  head: CamHead,
  classIndex: number,
  b = 0,
): { data: Float32Array; h: number; w: number } {
  const [, c, h = 1, w = 1] = features.dims;
  if (c !== head.channels) throw new Error(`CAM features have ${c} channels, the classifier expects ${head.channels}`);
  const plane = h * w;
  const base = b * c * plane;
  const out = new Float32Array(plane);
  const row = classIndex * c;
  // Locals only in the loop: V8 reloads an object's fields after every typed-array store.
  const data = features.data;
  const weight = head.weight;
  for (let k = 0; k < c; k++) {
    const wk = weight[row + k]!;
    const f = base + k * plane;
    for (let i = 0; i < plane; i++) out[i]! += wk * data[f + i]!;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of out) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo;
  for (let i = 0; i < plane; i++) out[i] = span > 0 ? (out[i]! - lo) / span : 0;
  return { data: out, h, w };
}

/**
 * CAM of `classIndex` from one photo's cached features `[C, h, w]` (no batch axis): the same sum
 * as `camGrid`, read from the runtime's result cache so any class costs no inference.
 */
export function camOfFeatures(
  features: Float32Array,
  dims: readonly [number, number, number],
  head: CamHead,
  classIndex: number,
): { data: Float32Array; h: number; w: number } {
  return camGrid({ data: features, dims: [1, ...dims] }, head, classIndex);
}
