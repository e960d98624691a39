/**
 * Pillow's `Image.resize` for 8-bit RGB, ported from Pillow 9.x `libImaging/Resample.c` so that
 * splitlens preprocesses exactly like timm's eval transform (torchvision Resize on a PIL image):
 * separable passes (horizontal then vertical), filter support scaled by the downscale factor,
 * bicubic a = -0.5, 22-bit fixed-point coefficients and uint8 rounding/clamping after each pass.
 */

import { simdResample, type Coeffs } from './resample-simd.js';

export type Interpolation = 'bicubic' | 'bilinear' | 'nearest';

/** Interleaved 8-bit RGB pixels. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);

function bilinear(x: number): number {
  if (x < 0) x = -x;
  return x < 1 ? 1 - x : 0;
}

function bicubic(x: number): number {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

/** `precompute_coeffs` + `normalize_coeffs_8bpc` for one axis. */
function precompute(inSize: number, outSize: number, filter: (x: number) => number, filterSupport: number): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(1, scale);
  const support = filterSupport * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    // C's (int) truncates toward zero; negative values clamp to 0 right after anyway.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < ksize; x++) {
      const w = x < xmax ? (ww !== 0 ? k[x]! / ww : k[x]!) : 0;
      kk[xx * ksize + x] =
        w < 0 ? Math.trunc(-0.5 + w * (1 << PRECISION_BITS)) : Math.trunc(0.5 + w * (1 << PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, kk };
}

function clip8(v: number): number {
  if (v >= (1 << PRECISION_BITS) << 8) return 255;
  if (v <= 0) return 0;
  return v >> PRECISION_BITS;
}

function horizontal(src: RgbImage, outW: number, c: Coeffs): RgbImage {
  const { width, height, data } = src;
  const out = new Uint8Array(outW * height * 3);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let xx = 0; xx < outW; xx++) {
      const xmin = c.bounds[xx * 2]!;
      const xmax = c.bounds[xx * 2 + 1]!;
      const k0 = xx * c.ksize;
      let s0 = HALF,
        s1 = HALF,
        s2 = HALF;
      for (let x = 0; x < xmax; x++) {
        const w = c.kk[k0 + x]!;
        const p = row + (x + xmin) * 3;
        s0 += data[p]! * w;
        s1 += data[p + 1]! * w;
        s2 += data[p + 2]! * w;
      }
      const o = (y * outW + xx) * 3;
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
    }
  }
  return { data: out, width: outW, height };
}

function vertical(src: RgbImage, outH: number, c: Coeffs): RgbImage {
  const { width, data } = src;
  const out = new Uint8Array(width * outH * 3);
  const stride = width * 3;
  for (let yy = 0; yy < outH; yy++) {
    const ymin = c.bounds[yy * 2]!;
    const ymax = c.bounds[yy * 2 + 1]!;
    const k0 = yy * c.ksize;
    for (let xx = 0; xx < width; xx++) {
      let s0 = HALF,
        s1 = HALF,
        s2 = HALF;
      for (let y = 0; y < ymax; y++) {
        const w = c.kk[k0 + y]!;
        const p = (y + ymin) * stride + xx * 3;
        s0 += data[p]! * w;
        s1 += data[p + 1]! * w;
        s2 += data[p + 2]! * w;
      }
      const o = (yy * width + xx) * 3;
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
    }
  }
  return { data: out, width, height: outH };
}

/** Copies pixel number `from` of `src` to pixel number `to` of `dst` (8-bit RGB, 3 bytes a pixel). */
export function copyPixel(src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  const s = from * 3;
  const o = to * 3;
  dst[o] = src[s]!;
  dst[o + 1] = src[s + 1]!;
  dst[o + 2] = src[s + 2]!;
}

/** Pillow's NEAREST: the source pixel under each output pixel's centre. */
function nearest(src: RgbImage, outW: number, outH: number): RgbImage {
  const out = new Uint8Array(outW * outH * 3);
  const sx = src.width / outW;
  const sy = src.height / outH;
  for (let y = 0; y < outH; y++) {
    const yi = Math.min(src.height - 1, Math.floor((y + 0.5) * sy));
    for (let x = 0; x < outW; x++) {
      const xi = Math.min(src.width - 1, Math.floor((x + 0.5) * sx));
      copyPixel(src.data, yi * src.width + xi, out, y * outW + x);
    }
  }
  return { data: out, width: outW, height: outH };
}

/** A window on a resized image, in its pixels; it may reach past the image's edges. */
export interface ResizeWindow {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The pixels of `window` of `img.resize((outW, outH), resample)`, black where the window lies
 * outside the resized image (torchvision's `CenterCrop` padding). Each output pixel is computed
 * exactly as `pilResize` computes it — same coefficients, same passes and rounding — but only the
 * pixels the window keeps are computed (a centre crop keeps about half of a resize to 256).
 */
export function pilResizeWindow(
  src: RgbImage,
  outW: number,
  outH: number,
  interpolation: Interpolation,
  window: ResizeWindow,
): RgbImage {
  const { left, top, width, height } = window;
  const out = new Uint8Array(width * height * 3);
  const x0 = Math.max(0, left);
  const x1 = Math.min(outW, left + width);
  const y0 = Math.max(0, top);
  const y1 = Math.min(outH, top + height);
  if (x1 <= x0 || y1 <= y0) return { data: out, width, height };
  const part = resizedPart(src, outW, outH, interpolation, x0, x1, y0, y1);
  const w = x1 - x0;
  for (let y = y0; y < y1; y++) {
    const from = (y - y0) * w * 3;
    out.set(part.subarray(from, from + w * 3), ((y - top) * width + (x0 - left)) * 3);
  }
  return { data: out, width, height };
}

/**
 * Columns `[x0, x1)` and rows `[y0, y1)` of the resized image, as `pilResize` computes them: by the
 * WebAssembly SIMD passes over only the source rows and output pixels the window needs (a 288 px
 * input: ~2 ms instead of ~7.7 in JavaScript), or, for nearest and without WebAssembly SIMD, the
 * whole resize cut down.
 */
function resizedPart(
  src: RgbImage,
  outW: number,
  outH: number,
  interpolation: Interpolation,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): Uint8Array {
  if (interpolation !== 'nearest') {
    const [filter, support] = interpolation === 'bicubic' ? [bicubic, 2] : [bilinear, 1];
    const v = outH !== src.height ? precompute(src.height, outH, filter, support) : undefined;
    // The source rows the kept output rows read (the kept rows themselves when only the width changes).
    let r0 = y0;
    let r1 = y1;
    if (v) {
      r0 = Infinity;
      r1 = 0;
      for (let yy = y0; yy < y1; yy++) {
        r0 = Math.min(r0, v.bounds[yy * 2]!);
        r1 = Math.max(r1, v.bounds[yy * 2]! + v.bounds[yy * 2 + 1]!);
      }
    }
    const h = outW !== src.width ? precompute(src.width, outW, filter, support) : undefined;
    const part = simdResample({ data: src.data, width: src.width, r0, rows: r1 - r0, x0, x1, y0, y1, h, v });
    if (part) return part;
  }
  const all = pilResize(src, outW, outH, interpolation);
  const w = x1 - x0;
  const part = new Uint8Array(w * (y1 - y0) * 3);
  for (let y = y0; y < y1; y++) part.set(all.data.subarray((y * outW + x0) * 3, (y * outW + x1) * 3), (y - y0) * w * 3);
  return part;
}

/** `img.resize((outW, outH), resample)` as Pillow computes it for an RGB image. */
export function pilResize(src: RgbImage, outW: number, outH: number, interpolation: Interpolation): RgbImage {
  if (interpolation === 'nearest') return nearest(src, outW, outH);
  const [filter, support] = interpolation === 'bicubic' ? [bicubic, 2] : [bilinear, 1];
  let img = src;
  if (outW !== src.width) img = horizontal(img, outW, precompute(src.width, outW, filter, support));
  if (outH !== src.height) img = vertical(img, outH, precompute(src.height, outH, filter, support));
  return img;
}
