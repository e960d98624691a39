/**
 * One colour range for a whole diagram: min/max over every block's attention for the photo,
 * the SVG export's shared legend (attentionRange, src/common/heatmap-geometry.ts), cached per response.
 */
import type { AttentionResponse } from '../../../src/api/contract';
import { sequentialScale, type ColourScale } from '../../../src/common/colour-scale';
import { attentionRange } from '../../../src/common/heatmap-geometry';

const cache = new WeakMap<AttentionResponse, ColourScale>();

export function diagramScale(response: AttentionResponse): ColourScale {
  let scale = cache.get(response);
  if (scale) return scale;
  const { min, max } = attentionRange(response.blocks);
  scale = sequentialScale(min, max > min ? max : min + 1e-6);
  cache.set(response, scale);
  return scale;
}
