import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeRgb } from './decode-image.js';
import { UserError } from '../core/errors.js';

const IMAGES = fileURLToPath(new URL('../../../shared/fixtures/images/', import.meta.url));

describe('decodeRgb', () => {
  it.each([
    ['odd/chelsea.webp', 451, 300],
    ['odd/chelsea_16bit.png', 451, 300],
    ['odd/chelsea_cmyk.jpg', 451, 300],
    ['odd/chelsea_exif_rot6.jpg', 451, 300],
    ['odd/chelsea_gray.jpg', 451, 300],
    ['odd/chelsea_progressive.jpg', 451, 300],
    ['odd/chelsea_rgba.png', 451, 300],
    ['odd/one_pixel.png', 1, 1],
    ['horse.png', 400, 328],
    ['camera.png', 512, 512],
  ])('decodes %s to %ix%i RGB', async (file, w, h) => {
    const img = await decodeRgb(`${IMAGES}${file}`);
    expect([img.width, img.height]).toEqual([w, h]);
    expect(img.data.length).toBe(w * h * 3);
  });

  it('composites transparent pixels on white', async () => {
    // horse.png: a silhouette whose background is transparent.
    const img = await decodeRgb(`${IMAGES}horse.png`);
    expect([...img.data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('decodes 16-bit grey to the 8-bit grey of the same photo', async () => {
    const g16 = await decodeRgb(`${IMAGES}odd/chelsea_16bit.png`);
    const g8 = await decodeRgb(`${IMAGES}odd/chelsea_gray.jpg`);
    let sum = 0;
    for (let i = 0; i < g8.data.length; i++) sum += Math.abs(g8.data[i]! - g16.data[i]!);
    expect(sum / g8.data.length).toBeLessThan(4); // the JPEG's own error
  });

  it.each([
    ['odd/empty.png', /empty\.png: empty file/],
    ['odd/not_an_image.jpg', /not_an_image\.jpg: not a supported image/],
    ['odd/truncated.jpg', /truncated\.jpg: cannot decode image \(.*premature end/i],
    ['odd/missing.png', /missing\.png: no such file/],
  ])('%s fails with one clear line', async (file, message) => {
    const err = await decodeRgb(`${IMAGES}${file}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('rejects images over the pixel limit before decoding them', async () => {
    const bytes = readFileSync(`${IMAGES}chelsea.png`);
    const err = await decodeRgb(bytes, 100_000).catch((e: unknown) => e);
    expect((err as Error).message).toBe('image: 451×300 pixels (0.1 MP) is over the 0.1 MP limit against decompression bombs');
  });
});
