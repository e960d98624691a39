/**
 * The scale experiment's centre zoom (Li et al. 2019, "Selective Kernel Networks", §4.4: objects
 * enlarged 1.0×, 1.5×, 2.0×): zoom z keeps the central 1/z of the photo in each direction, which the
 * model's usual eval transform then resizes to its input, so objects appear z times larger. Zoom 1
 * is the photo itself, untouched, so its input equals the plain photo's (checked in zoom.test.ts
 * against the preprocessing reference). Zoomed photos go to the worker as lossless PNG bytes.
 */
import sharp from 'sharp';
import { UserError } from '../common/errors.js';
import type { RgbImage } from '../runtime/image/pil-resample.js';

/** `1,1.5,2` → [1, 1.5, 2]; each zoom ≥ 1 and ≤ 8. */
export function parseZooms(text: string): number[] {
  const zooms = text.split(',').map((s) => Number(s.trim()));
  if (!zooms.length || zooms.some((z) => !Number.isFinite(z) || z < 1 || z > 8)) {
    throw new UserError(`--zooms expects numbers from 1 to 8 separated by commas, got '${text}'`);
  }
  return [...new Set(zooms)];
}

/** The central 1/z of the photo (z = 1: the same image). */
export function centreZoom(img: RgbImage, zoom: number): RgbImage {
  if (zoom === 1) return img;
  const w = Math.max(1, Math.round(img.width / zoom));
  const h = Math.max(1, Math.round(img.height / zoom));
  const left = Math.floor((img.width - w) / 2);
  const top = Math.floor((img.height - h) / 2);
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const from = ((top + y) * img.width + left) * 3;
    data.set(img.data.subarray(from, from + w * 3), y * w * 3);
  }
  return { data, width: w, height: h };
}

/** Lossless PNG bytes of 8-bit RGB pixels (decoded again exactly by the runtime's decoder). */
export async function encodePng(img: RgbImage): Promise<Uint8Array> {
  const buf = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
