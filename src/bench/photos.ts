/**
 * Distinct photos for benchmarks: the inference worker keeps one result per photo content, so a
 * timing of "a new photo" needs photos whose bytes differ (one pixel each).
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

/** `n` distinct PNGs of the photo: one pixel changed per photo, so each has its own content hash. */
export async function distinctPhotos(path: string, n: number, maxSide = 0): Promise<Uint8Array[]> {
  let img = sharp(readFileSync(path)).removeAlpha();
  if (maxSide) img = img.resize(maxSide, maxSide, { fit: 'inside' });
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const px = Buffer.from(data);
    const at = (i * 3) % px.length;
    px[at] = (px[at]! + 1 + (i % 251)) & 255;
    const png = await sharp(px, { raw: { width: info.width, height: info.height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    out.push(new Uint8Array(png));
  }
  return out;
}
