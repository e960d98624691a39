/**
 * Image → normalised NCHW float32 tensor, like timm's eval transform: resize the short side to
 * `size / crop_pct` with the checkpoint's interpolation, centre-crop, scale to 0..1, normalise.
 * EXIF orientation applied, alpha flattened on white, grey/CMYK/16-bit converted to 8-bit sRGB.
 */
import sharp from 'sharp';
import { UserError, oneLine } from '../core/errors.js';

export interface PreprocessConfig {
  /** Output [height, width]. */
  size: [number, number];
  cropPct: number;
  interpolation: 'bicubic' | 'bilinear' | 'nearest';
  mean: [number, number, number];
  std: [number, number, number];
}

export const IMAGENET_DEFAULT: PreprocessConfig = {
  size: [224, 224],
  cropPct: 0.875,
  interpolation: 'bicubic',
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/** Decompression-bomb guard: 40 megapixels (a 600 KB PNG can otherwise claim ~700 MB). */
export const PIXEL_LIMIT = 40_000_000;

export type ImageInput = string | Uint8Array;

function describe(input: ImageInput): string {
  return typeof input === 'string' ? input : 'image';
}

/** Decode to 8-bit sRGB RGB pixels, orientation applied, alpha on white. */
export async function decodeRgb(input: ImageInput): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: PIXEL_LIMIT, failOn: 'error', animated: false })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (e) {
    throw new UserError(`${describe(input)}: cannot decode image (${oneLine(e)})`, { cause: e });
  }
}

export async function preprocess(input: ImageInput, cfg: PreprocessConfig = IMAGENET_DEFAULT): Promise<Float32Array> {
  const rgb = await decodeRgb(input);
  const [outH, outW] = cfg.size;
  const scaleSize = Math.floor(Math.min(outH, outW) / cfg.cropPct);
  const scale = scaleSize / Math.min(rgb.width, rgb.height);
  const rw = Math.max(outW, Math.round(rgb.width * scale));
  const rh = Math.max(outH, Math.round(rgb.height * scale));
  const kernel = cfg.interpolation === 'bicubic' ? 'cubic' : cfg.interpolation === 'nearest' ? 'nearest' : 'linear';
  const left = Math.round((rw - outW) / 2);
  const top = Math.round((rh - outH) / 2);
  const pixels = await sharp(rgb.data, { raw: { width: rgb.width, height: rgb.height, channels: 3 } })
    .resize(rw, rh, { kernel, fit: 'fill' })
    .extract({ left, top, width: outW, height: outH })
    .raw()
    .toBuffer();
  const plane = outH * outW;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[c * plane + i] = (pixels[i * 3 + c]! / 255 - cfg.mean[c]!) / cfg.std[c]!;
  }
  return out;
}
