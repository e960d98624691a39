/** Test images of pseudo-random pixels: a fixed LCG, so the same image every run. */
import type { RgbImage } from '../runtime/image/pil-resample.js';

export function noiseImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let x = seed;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  return { data, width, height };
}
