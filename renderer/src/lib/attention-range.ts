/**
 * One colour range for a whole diagram: min/max over every block's attention for the first image,
 * as the SVG export's shared legend uses (src/diagram attentionRange), cached per response.
 */
import type { AttentionResponse } from '../../../src/api/contract';
import { sequentialScale, type ColourScale } from './colour-scale';

const cache = new WeakMap<AttentionResponse, ColourScale>();

export function diagramScale(response: AttentionResponse): ColourScale {
  let scale = cache.get(response);
  if (scale) return scale;
  let min = Infinity;
  let max = -Infinity;
  for (const b of response.blocks) {
    for (const v of b.values[0] ?? []) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  scale = Number.isFinite(min) ? sequentialScale(min, max > min ? max : min + 1e-6) : sequentialScale(0, 1);
  cache.set(response, scale);
  return scale;
}
