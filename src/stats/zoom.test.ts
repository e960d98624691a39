/**
 * The scale experiment's zoom against the preprocessing reference: zoom 1 gives exactly the plain
 * photo's input (timm's eval transform, fixtures/preprocess), a zoom keeps the central 1/z of the
 * photo, and the PNG bytes the worker receives decode back to exactly those pixels.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../testing/fixtures.js';
import { readF32 } from '../testing/tiny-fixtures.js';
import {
  configFromTimm,
  decodeRgb,
  normalize,
  preprocess,
  resizeAndCrop,
  type TimmDataConfig,
} from '../runtime/image/preprocess.js';
import { centreZoom, encodePng, parseZooms } from './zoom.js';

const index = JSON.parse(readFileSync(`${FIXTURES}preprocess/index.json`, 'utf8')) as Record<
  string,
  { config: TimmDataConfig; files: Record<string, { file: string }> }
>;

describe('centre zoom', () => {
  it.each(['chelsea.png', 'coffee.png'])(
    'zoom 1 of %s is the plain photo: its input equals the timm reference',
    async (name) => {
      const { config, files } = index['resnest50d.in1k']!;
      const cfg = configFromTimm(config);
      const img = await decodeRgb(`${FIXTURES}images/${name}`);
      const zoomed = centreZoom(img, 1);
      expect(zoomed).toBe(img);
      const ref = readF32(`${FIXTURES}preprocess/${files[name]!.file}`);
      const got = normalize(resizeAndCrop(zoomed, cfg), cfg);
      expect(got.length).toBe(ref.length);
      let max = 0;
      for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i]! - got[i]!));
      expect(max).toBeLessThanOrEqual(1e-5);
    },
  );

  it('zoom 2 keeps the central half, and its PNG decodes back to exactly those pixels', async () => {
    const img = await decodeRgb(`${FIXTURES}images/chelsea.png`);
    const z = centreZoom(img, 2);
    expect([z.width, z.height]).toEqual([Math.round(img.width / 2), Math.round(img.height / 2)]);
    const left = Math.floor((img.width - z.width) / 2);
    const top = Math.floor((img.height - z.height) / 2);
    for (const [x, y] of [
      [0, 0],
      [z.width - 1, z.height - 1],
      [17, 40],
    ] as const) {
      const a = (y * z.width + x) * 3;
      const b = ((y + top) * img.width + x + left) * 3;
      expect([...z.data.subarray(a, a + 3)]).toEqual([...img.data.subarray(b, b + 3)]);
    }
    const back = await decodeRgb(await encodePng(z));
    expect(back.width).toBe(z.width);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(z.data))).toBe(0);
    // The zoomed photo through the usual transform differs from the plain one (the object is larger).
    const cfg = configFromTimm(index['resnest50d.in1k']!.config);
    const plain = await preprocess(`${FIXTURES}images/chelsea.png`, cfg);
    const zoomedInput = normalize(resizeAndCrop(back, cfg), cfg);
    expect(zoomedInput.length).toBe(plain.length);
    expect(zoomedInput.some((v, i) => Math.abs(v - plain[i]!) > 0.1)).toBe(true);
  });

  it.each([
    ['1,1.5,2', [1, 1.5, 2]],
    ['2, 1', [2, 1]],
  ] as const)('--zooms %s', (text, zooms) => {
    expect(parseZooms(text)).toEqual(zooms);
  });

  it.each(['0.5', '1,x', '', '9'])('--zooms %j is a one-line error', (text) => {
    expect(() => parseZooms(text)).toThrow(/^--zooms expects numbers from 1 to 8/);
  });
});
