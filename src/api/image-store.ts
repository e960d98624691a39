/**
 * Images the user opened in this session, by id, with a small PNG preview for the UI. The bytes
 * stay in memory (photos are small); inference decodes them again per checkpoint.
 */
import { randomUUID } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { ImageEntry } from './contract.js';
import { UserError, oneLine } from '../common/errors.js';
import { PIXEL_LIMIT } from '../runtime/image/preprocess.js';

export interface StoredImage extends ImageEntry {
  bytes: Uint8Array;
}

const THUMB_SIZE = 512;

export class ImageStore {
  private readonly images = new Map<string, StoredImage>();

  async add(name: string, bytes: Uint8Array): Promise<ImageEntry> {
    let meta: Metadata;
    let thumb: Buffer;
    try {
      const img = sharp(bytes, { limitInputPixels: PIXEL_LIMIT, failOn: 'error' });
      meta = await img.metadata();
      thumb = await img
        .rotate()
        .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .png()
        .toBuffer();
    } catch (e) {
      throw new UserError(`${name}: cannot decode image (${oneLine(e)})`);
    }
    const rotated = (meta.orientation ?? 1) >= 5;
    const entry: StoredImage = {
      id: randomUUID(),
      name,
      width: (rotated ? meta.height : meta.width) ?? 0,
      height: (rotated ? meta.width : meta.height) ?? 0,
      thumbnail: `data:image/png;base64,${thumb.toString('base64')}`,
      bytes,
    };
    this.images.set(entry.id, entry);
    return publicEntry(entry);
  }

  get(id: string): StoredImage {
    const img = this.images.get(id);
    if (!img) throw new UserError(`unknown image id '${id}': open the image first`);
    return img;
  }

  list(): ImageEntry[] {
    return [...this.images.values()].map(publicEntry);
  }
}

function publicEntry(img: StoredImage): ImageEntry {
  const { bytes: _bytes, ...entry } = img;
  return entry;
}
