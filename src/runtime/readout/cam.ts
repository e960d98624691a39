/**
 * Class activation map (Zhou et al. 2016): the final stage's feature map weighted by the predicted
 * class's fc row — what global average pooling followed by the classifier sums up — min-max scaled
 * to 0..1 and sampled bilinearly back onto the photo through the centre crop that produced the input.
 */
import type { TensorData } from '../engine/engine.js';
import type { CamHead } from '../engine/model-meta.js';

/** Where the network input sits on the photo: the crop window in photo pixels. */
export interface CropWindow {
  /** Photo size. */
  width: number;
  height: number;
  /** Crop window in photo pixel coordinates (may extend past the photo when the crop pads). */
  left: number;
  top: number;
  cropWidth: number;
  cropHeight: number;
}

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
  for (let k = 0; k < c; k++) {
    const wk = head.weight[row + k]!;
    const f = base + k * plane;
    for (let i = 0; i < plane; i++) out[i]! += wk * features.data[f + i]!;
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

/** Longest side of a returned map: the UI stretches it over the photo. */
const SALIENCY_MAX_SIDE = 512;

/** Sample the grid over the photo (outside the crop window: 0), at most SALIENCY_MAX_SIDE per side. */
export function camOnImage(
  grid: { data: Float32Array; h: number; w: number },
  win: CropWindow,
): { width: number; height: number; values: number[] } {
  const scale = Math.min(1, SALIENCY_MAX_SIDE / Math.max(win.width, win.height));
  const width = Math.max(1, Math.round(win.width * scale));
  const height = Math.max(1, Math.round(win.height * scale));
  const values = new Array<number>(width * height).fill(0);
  for (let y = 0; y < height; y++) {
    // Position in the crop, in feature-grid cells (cell centres at i + 0.5).
    const py = (((y + 0.5) / scale - win.top) / win.cropHeight) * grid.h - 0.5;
    if (py < -0.5 || py > grid.h - 0.5) continue;
    const y0 = Math.max(0, Math.min(grid.h - 1, Math.floor(py)));
    const y1 = Math.min(grid.h - 1, y0 + 1);
    const fy = Math.max(0, Math.min(1, py - y0));
    for (let x = 0; x < width; x++) {
      const px = (((x + 0.5) / scale - win.left) / win.cropWidth) * grid.w - 0.5;
      if (px < -0.5 || px > grid.w - 0.5) continue;
      const x0 = Math.max(0, Math.min(grid.w - 1, Math.floor(px)));
      const x1 = Math.min(grid.w - 1, x0 + 1);
      const fx = Math.max(0, Math.min(1, px - x0));
      const g = grid.data;
      const top = g[y0 * grid.w + x0]! * (1 - fx) + g[y0 * grid.w + x1]! * fx;
      const bot = g[y1 * grid.w + x0]! * (1 - fx) + g[y1 * grid.w + x1]! * fx;
      values[y * width + x] = top * (1 - fy) + bot * fy;
    }
  }
  return { width, height, values };
}
