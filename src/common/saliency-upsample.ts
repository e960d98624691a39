/**
 * The one function that puts a class activation map onto its photo: the feature grid sampled
 * bilinearly through the centre crop that produced the network input (outside the crop: 0), at
 * most `maxSide` pixels on the longer side. Used by the renderer's overlay, the SVG export and the
 * CLI, so every view of a saliency map is the same picture. Environment-neutral.
 */
import type { CropWindow } from './photo-run.js';

/** Longest side of a sampled map by default: the UI stretches it over the photo. */
export const SALIENCY_MAX_SIDE = 512;

export interface SaliencyImage {
  width: number;
  height: number;
  /** Row-major values in 0..1. */
  values: Float32Array;
}

export function saliencyOnPhoto(
  grid: { width: number; height: number; values: ArrayLike<number> },
  crop: CropWindow,
  maxSide = SALIENCY_MAX_SIDE,
): SaliencyImage {
  const scale = Math.min(1, maxSide / Math.max(crop.width, crop.height));
  const width = Math.max(1, Math.round(crop.width * scale));
  const height = Math.max(1, Math.round(crop.height * scale));
  const values = new Float32Array(width * height);
  const gw = grid.width;
  const gh = grid.height;
  const g = grid.values;
  for (let y = 0; y < height; y++) {
    // Position in the crop, in feature-grid cells (cell centres at i + 0.5).
    const py = (((y + 0.5) / scale - crop.top) / crop.cropHeight) * gh - 0.5;
    if (py < -0.5 || py > gh - 0.5) continue;
    const y0 = Math.max(0, Math.min(gh - 1, Math.floor(py)));
    const y1 = Math.min(gh - 1, y0 + 1);
    const fy = Math.max(0, Math.min(1, py - y0));
    for (let x = 0; x < width; x++) {
      const px = (((x + 0.5) / scale - crop.left) / crop.cropWidth) * gw - 0.5;
      if (px < -0.5 || px > gw - 0.5) continue;
      const x0 = Math.max(0, Math.min(gw - 1, Math.floor(px)));
      const x1 = Math.min(gw - 1, x0 + 1);
      const fx = Math.max(0, Math.min(1, px - x0));
      const top = g[y0 * gw + x0]! * (1 - fx) + g[y0 * gw + x1]! * fx;
      const bot = g[y1 * gw + x0]! * (1 - fx) + g[y1 * gw + x1]! * fx;
      values[y * width + x] = top * (1 - fy) + bot * fy;
    }
  }
  return { width, height, values };
}
