/**
 * Image → normalised CHW float32 tensor, exactly like timm's eval transform
 * (`timm.data.create_transform(is_training=False)`): torchvision `Resize(floor(size / crop_pct))` of
 * the short side on the PIL image, `CenterCrop(size)`, `ToTensor`, `Normalize(mean, std)` — with the
 * same integer rounding (truncated long side, Python's banker's rounding of the crop offset) and
 * float32 arithmetic.
 */
import { decodeRgb, type ImageInput } from './decode-image.js';
import { copyPixel, pilResize, pilResizeWindow, type Interpolation, type RgbImage } from './pil-resample.js';
import type { CropWindow } from '../../common/photo-run.js';

export { decodeRgb, PIXEL_LIMIT, type ImageInput } from './decode-image.js';

export interface PreprocessConfig {
  /** Output [height, width]. */
  size: [number, number];
  cropPct: number;
  interpolation: Interpolation;
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

/** The fields of a timm `pretrained_cfg` this transform reads (`fixtures/meta/pretrained_cfgs.json`). */
export interface TimmDataConfig {
  input_size: number[];
  crop_pct?: number;
  test_input_size?: number[];
  test_crop_pct?: number;
  interpolation?: string;
  mean?: number[];
  std?: number[];
}

/**
 * timm `resolve_data_config` for the fields above; unknown interpolations fall back to bilinear like
 * timm. `useTestSize` (timm's `use_test_size=True`, as its validate.py uses) takes the test-time size
 * and crop where the cfg gives them: the runtime's models take any input size, so they run there.
 */
export function configFromTimm(cfg: TimmDataConfig, opts: { useTestSize?: boolean } = {}): PreprocessConfig {
  const test = opts.useTestSize && cfg.test_input_size;
  const [, h = 224, w = h] = test ? cfg.test_input_size! : cfg.input_size;
  const interp = cfg.interpolation;
  const triple = (v: number[] | undefined, d: [number, number, number]): [number, number, number] =>
    v && v.length === 3 ? [v[0]!, v[1]!, v[2]!] : d;
  return {
    size: [h, w],
    cropPct: (test ? cfg.test_crop_pct : undefined) ?? cfg.crop_pct ?? IMAGENET_DEFAULT.cropPct,
    interpolation: interp === 'bicubic' || interp === 'nearest' ? interp : 'bilinear',
    mean: triple(cfg.mean, IMAGENET_DEFAULT.mean),
    std: triple(cfg.std, IMAGENET_DEFAULT.std),
  };
}

/** Python 3 `round()`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The resized size and crop offsets timm's eval transform uses for a `width`×`height` photo. */
function resizePlan(
  width: number,
  height: number,
  cfg: PreprocessConfig,
): { rw: number; rh: number; left: number; top: number } {
  const [outH, outW] = cfg.size;
  let rw: number;
  let rh: number;
  if (outH === outW) {
    // timm: Resize(int) — the short side to floor(size / crop_pct), the long side truncated.
    const scaleSize = Math.floor(outH / cfg.cropPct);
    const short = Math.min(width, height);
    const newLong = Math.trunc((scaleSize * Math.max(width, height)) / short);
    [rw, rh] = width <= height ? [scaleSize, newLong] : [newLong, scaleSize];
  } else {
    // timm: ResizeKeepRatio is approximated by scaling both sides by 1 / crop_pct.
    rh = Math.floor(outH / cfg.cropPct);
    rw = Math.floor(outW / cfg.cropPct);
  }
  return { rw, rh, left: roundHalfEven((rw - outW) / 2), top: roundHalfEven((rh - outH) / 2) };
}

/** The network input's window on the photo, in photo pixels (for drawing saliency on the photo). */
export function cropWindow(width: number, height: number, cfg: PreprocessConfig): CropWindow {
  const { rw, rh, left, top } = resizePlan(width, height, cfg);
  const sx = rw / width;
  const sy = rh / height;
  return { width, height, left: left / sx, top: top / sy, cropWidth: cfg.size[1] / sx, cropHeight: cfg.size[0] / sy };
}

/**
 * Resize + centre crop on 8-bit pixels, as timm/torchvision do before `ToTensor`: only the pixels
 * the crop keeps are resized (the same values as resizing the whole photo, then cropping).
 */
export function resizeAndCrop(img: RgbImage, cfg: PreprocessConfig): RgbImage {
  const { rw, rh, left, top } = resizePlan(img.width, img.height, cfg);
  const window = { left, top, width: cfg.size[1], height: cfg.size[0] };
  if (rw === img.width && rh === img.height) return crop(img, left, top, cfg.size[1], cfg.size[0]);
  return pilResizeWindow(img, rw, rh, cfg.interpolation, window);
}

/** Resize the whole photo, then crop: the reference `resizeAndCrop` must equal (tests). */
export function resizeThenCrop(img: RgbImage, cfg: PreprocessConfig): RgbImage {
  const { rw, rh, left, top } = resizePlan(img.width, img.height, cfg);
  const resized = rw === img.width && rh === img.height ? img : pilResize(img, rw, rh, cfg.interpolation);
  return crop(resized, left, top, cfg.size[1], cfg.size[0]);
}

/** torchvision `CenterCrop` at precomputed offsets; pads with black when the image is smaller. */
function crop(img: RgbImage, left: number, top: number, outW: number, outH: number): RgbImage {
  const out = new Uint8Array(outW * outH * 3);
  for (let y = 0; y < outH; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= img.height) continue;
    for (let x = 0; x < outW; x++) {
      const sx = x + left;
      if (sx < 0 || sx >= img.width) continue;
      copyPixel(img.data, sy * img.width + sx, out, y * outW + x);
    }
  }
  return { data: out, width: outW, height: outH };
}

/** `ToTensor` + `Normalize` in float32, as torch computes them: (x / 255 - mean) / std. */
export function normalize(img: RgbImage, cfg: PreprocessConfig): Float32Array {
  const plane = img.width * img.height;
  const out = new Float32Array(3 * plane);
  const f = Math.fround;
  // One lookup table per channel (256 possible inputs), then one pass over the pixels.
  const [r, g, b] = [0, 1, 2].map((c) => {
    const mean = f(cfg.mean[c]!);
    const std = f(cfg.std[c]!);
    const lut = new Float32Array(256);
    for (let v = 0; v < 256; v++) lut[v] = f(f(f(v / 255) - mean) / std);
    return lut;
  }) as [Float32Array, Float32Array, Float32Array];
  const data = img.data;
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[i] = r[data[p]!]!;
    out[plane + i] = g[data[p + 1]!]!;
    out[2 * plane + i] = b[data[p + 2]!]!;
  }
  return out;
}

/** The image as a `[3, H, W]` tensor ready for a checkpoint with this config. */
export async function preprocess(input: ImageInput, cfg: PreprocessConfig = IMAGENET_DEFAULT): Promise<Float32Array> {
  return normalize(resizeAndCrop(await decodeRgb(input), cfg), cfg);
}
