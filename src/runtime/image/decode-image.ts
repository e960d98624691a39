/**
 * Image file → 8-bit RGB pixels the way timm's loaders see them (PIL `Image.open` + EXIF transpose +
 * `.convert('RGB')`). sharp (libvips) only decodes; colour conversions that PIL does differently are
 * done here: embedded ICC profiles are ignored (PIL ignores them), CMYK uses PIL's `cmyk2rgb`, alpha
 * is composited on white with PIL's paste-with-mask rounding. A pixel limit guards against bombs.
 */
import sharp, { type Metadata } from 'sharp';
import { statSync, type Stats } from 'node:fs';
import { nonFileKind } from '../../common/file-kinds.js';
import { UserError, oneLine } from '../../common/errors.js';
import type { RgbImage } from './pil-resample.js';

// One libvips thread per image, in every process that imports this (the server's previews, the
// worker's decodes): a photo's decode or preview was no faster on two threads here (4.1 vs 4.4 ms,
// 5.5 vs 5.1 ms on 2 cores), and the second thread took a core from the other process's work on
// the same photo and from onnxruntime's threads.
sharp.concurrency(1);

/** Decompression-bomb guard: 40 megapixels (a 600 KB PNG can otherwise claim ~700 MB). */
export const PIXEL_LIMIT = 40_000_000;

/** A path, or the file's bytes (browser upload). */
export type ImageInput = string | Uint8Array;

function describeImage(input: ImageInput): string {
  return typeof input === 'string' ? input : 'image';
}

/** PIL `MULDIV255`: a·b/255 rounded, in integers. */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

/** PIL `cmyk2rgb` (Convert.c): no colour management, just inks subtracted from white. */
function cmykToRgb(cmyk: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const nk = 255 - cmyk[i * 4 + 3]!;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.max(0, Math.min(255, nk - mulDiv255(cmyk[i * 4 + c]!, nk)));
  }
  return out;
}

/** RGBA over white, with PIL's `paste(img, mask=alpha)` blend rounding. */
function flattenOnWhite(rgba: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const a = rgba[i * 4 + 3]!;
    for (let c = 0; c < 3; c++) {
      const t = (rgba[i * 4 + c]! - 255) * a + 128;
      out[i * 3 + c] = 255 + (((t >> 8) + t) >> 8);
    }
  }
  return out;
}

function decodeError(input: ImageInput, what: string, cause?: unknown): UserError {
  return new UserError(`${describeImage(input)}: ${what}`, { cause });
}

/** Decode to 8-bit RGB, EXIF orientation applied, first frame of animations, alpha on white. */
export async function decodeRgb(input: ImageInput, pixelLimit = PIXEL_LIMIT): Promise<RgbImage> {
  if (typeof input === 'string') {
    let st: Stats;
    try {
      st = statSync(input);
    } catch (e) {
      throw decodeError(input, 'no such file', e);
    }
    // `/dev/zero`, a FIFO, a folder: stat says 0 bytes, but "empty file" would be wrong (and a FIFO
    // would block the decoder's open until something writes to it).
    const kind = nonFileKind(st);
    if (kind) throw decodeError(input, `is ${kind}, not an image file`);
    if (st.size === 0) throw decodeError(input, 'empty file, not an image');
  } else if (input.byteLength === 0) {
    throw decodeError(input, 'empty file, not an image');
  }
  const options = {
    limitInputPixels: pixelLimit,
    failOn: 'error',
    ignoreIcc: true,
    autoOrient: true,
    pages: 1,
  } as const;
  // The decode starts with the header read, not after it (one trip through libvips' threads
  // instead of two: 1–3 ms of a new photo's wait). It refuses a bomb on its own (limitInputPixels);
  // the header gives the clearer message, and says whether the file is CMYK, decoded again below.
  const decodeSrgb = () =>
    sharp(input, options).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const srgb = decodeSrgb();
  srgb.catch(() => undefined);
  let meta: Metadata;
  try {
    meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch (e) {
    throw decodeError(input, `not a supported image (${oneLine(e)})`, e);
  }
  const w = meta.width ?? 0;
  const h = meta.pageHeight ?? meta.height ?? 0;
  if (w * h > pixelLimit) {
    const mp = (n: number): string => `${+(n / 1e6).toFixed(1)} MP`;
    throw decodeError(
      input,
      `${w}×${h} pixels (${mp(w * h)}) is over the ${mp(pixelLimit)} limit against decompression bombs`,
    );
  }
  try {
    const cmyk = meta.space === 'cmyk';
    // libvips would colour-manage CMYK → sRGB; keep the raw inks and convert like PIL instead.
    const { data, info } = cmyk
      ? await sharp(input, options)
          .pipelineColourspace('cmyk')
          .toColourspace('cmyk')
          .raw({ depth: 'uchar' })
          .toBuffer({ resolveWithObject: true })
      : // libvips keeps one error message per process: a decode that failed while the header read
        // ran beside it can come back as "Unknown error". Decoded again alone, it names the problem
        // (a failing photo only; a photo that decodes is never decoded twice).
        await srgb.catch(() => decodeSrgb());
    const pixels = info.width * info.height;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    let rgb: Uint8Array;
    if (cmyk && info.channels === 4) rgb = cmykToRgb(bytes, pixels);
    else if (info.channels === 4) rgb = flattenOnWhite(bytes, pixels);
    else if (info.channels === 3) rgb = bytes;
    else throw new Error(`unexpected ${info.channels}-channel decode`);
    return { data: rgb, width: info.width, height: info.height };
  } catch (e) {
    throw decodeError(input, `cannot decode image (${oneLine(e)})`, e);
  }
}
