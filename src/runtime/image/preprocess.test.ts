import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  IMAGENET_DEFAULT,
  configFromTimm,
  preprocess,
  resizeAndCrop,
  resizeThenCrop,
  type PreprocessConfig,
  type TimmDataConfig,
} from './preprocess.js';
import { FIXTURES } from '../../testing/fixtures.js';
import { noiseImage } from '../../testing/noise-image.js';

interface IndexEntry {
  config: TimmDataConfig;
  files: Record<string, { file: string; shape: number[] }>;
}
const index = JSON.parse(readFileSync(`${FIXTURES}preprocess/index.json`, 'utf8')) as Record<string, IndexEntry>;
const cases = Object.entries(index).flatMap(([checkpoint, e]) =>
  Object.entries(e.files).map(([image, f]) => ({ checkpoint, image, file: f.file, shape: f.shape, config: e.config })),
);

function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

describe('preprocess matches timm eval transform (PIL) fixtures', () => {
  it('covers every fixture in preprocess/index.json', () => {
    expect(cases.length).toBe(16);
  });

  it.each(cases)('$image for $checkpoint', async ({ image, file, shape, config }) => {
    const ref = readF32(`${FIXTURES}preprocess/${file}`);
    const got = await preprocess(`${FIXTURES}images/${image}`, configFromTimm(config));
    expect(got.length).toBe(shape.reduce((a, b) => a * b, 1));
    let max = 0;
    for (let i = 0; i < ref.length; i++) max = Math.max(max, Math.abs(ref[i]! - got[i]!));
    // Measured: 0 (bit-identical) for every fixture, JPEGs included.
    expect(max).toBeLessThanOrEqual(1e-5);
  });
});

describe('resizing only the crop', () => {
  const configs: PreprocessConfig[] = [
    IMAGENET_DEFAULT,
    { ...IMAGENET_DEFAULT, size: [288, 288], cropPct: 1 },
    { ...IMAGENET_DEFAULT, interpolation: 'bilinear' },
    { ...IMAGENET_DEFAULT, interpolation: 'nearest' },
    { ...IMAGENET_DEFAULT, size: [160, 224], cropPct: 0.95 },
  ];
  const photos: [number, number][] = [
    [451, 300],
    [300, 451],
    [256, 256],
    [100, 37], // upscaled, crop wider than the image's short side
    [256, 900], // only the height changes for 224/0.875
    [1, 1],
  ];
  it.each(configs.flatMap((cfg) => photos.map(([w, h]) => ({ cfg, w, h }))))(
    '$w×$h at $cfg.size.0×$cfg.size.1 $cfg.interpolation crop $cfg.cropPct equals resizing all, then cropping',
    ({ cfg, w, h }) => {
      const img = noiseImage(w, h, w * 31 + h);
      const got = resizeAndCrop(img, cfg);
      const ref = resizeThenCrop(img, cfg);
      expect([got.width, got.height]).toEqual([ref.width, ref.height]);
      expect(Buffer.from(got.data).equals(Buffer.from(ref.data))).toBe(true);
    },
  );
});
