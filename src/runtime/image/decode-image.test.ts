import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodeRgb } from './decode-image.js';
import { UserError } from '../../common/errors.js';
import { FIXTURES } from '../../testing/fixtures.js';

const IMAGES = `${FIXTURES}images/`;

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

  // The decode runs beside the header read; libvips keeps one error message per process, and about
  // one failure in ten came back as "Unknown error" before the failed decode was run again alone.
  it('names the problem of a truncated JPEG every time (60 decodes, one after another)', async () => {
    const messages: string[] = [];
    for (let i = 0; i < 60; i++)
      messages.push(
        await decodeRgb(`${IMAGES}odd/truncated.jpg`).then(
          () => 'decoded',
          (e: unknown) => String(e),
        ),
      );
    expect(messages.filter((m) => !/premature end/i.test(m))).toEqual([]);
  });

  it('rejects images over the pixel limit before decoding them', async () => {
    const bytes = readFileSync(`${IMAGES}chelsea.png`);
    const err = await decodeRgb(bytes, 100_000).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'image: 451×300 pixels (0.1 MP) is over the 0.1 MP limit against decompression bombs',
    );
  });

  it('refuses a decompression bomb (a tiny PNG claiming 20000×20000) from its header, with the default limit', async () => {
    const chunk = (type: string, data: Buffer): Buffer => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([len, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(20000, 0);
    ihdr.writeUInt32BE(20000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(1000))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(png.length).toBeLessThan(200);
    await expect(decodeRgb(png)).rejects.toThrow(
      'image: 20000×20000 pixels (400 MP) is over the 40 MP limit against decompression bombs',
    );
  });

  it('takes the first frame of an animated GIF', async () => {
    const [w, h] = [4, 3];
    const frames = Buffer.alloc(w * h * 2 * 3);
    frames.fill(200, 0, w * h * 3); // frame 0 light grey, frame 1 black
    const gif = await sharp(frames, { raw: { width: w, height: h * 2, channels: 3, pageHeight: h } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const img = await decodeRgb(gif);
    expect([img.width, img.height]).toEqual([w, h]);
    expect(Math.min(...img.data)).toBeGreaterThan(150);
  });

  it('decodes a TIFF to exactly the pixels of the PNG it was made from', async () => {
    const png = `${IMAGES}chelsea.png`;
    const tiff = await sharp(png).tiff({ compression: 'lzw' }).toBuffer();
    expect((await sharp(tiff).metadata()).format).toBe('tiff');
    const [a, b] = await Promise.all([decodeRgb(png), decodeRgb(tiff)]);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    expect(Buffer.compare(Buffer.from(b.data), Buffer.from(a.data))).toBe(0);
  });
});
