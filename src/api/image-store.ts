/**
 * Images the user opened in this session, by id — the sha256 of their bytes, so the same photo
 * under another name is the same image (and hits the inference cache) — with a small PNG preview
 * for the UI. The bytes stay here; they cross to the inference worker once (`PhotoRef`).
 */
import sharp, { type Metadata } from 'sharp';
import type { ImageEntry } from './contract.js';
import { UserError, oneLine } from '../common/errors.js';
import { PIXEL_LIMIT } from '../runtime/image/preprocess.js';
import { photoHash } from '../runtime/engine/model-runner.js';
import type { PhotoRef } from '../runtime/worker/inference-service.js';

export interface StoredImage extends ImageEntry {
  bytes: Uint8Array;
}

const THUMB_SIZE = 512;

export class ImageStore {
  private readonly images = new Map<string, StoredImage>();

  async add(name: string, bytes: Uint8Array): Promise<ImageEntry> {
    const id = photoHash(bytes);
    const known = this.images.get(id);
    if (known) {
      known.name = name;
      return publicEntry(known);
    }
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
      id,
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

  /** The photo as the inference service takes it: named by its hash, bytes sent once. */
  ref(id: string): PhotoRef {
    const img = this.get(id);
    return { photoId: img.id, bytes: img.bytes };
  }

  list(): ImageEntry[] {
    return [...this.images.values()].map(publicEntry);
  }
}

function publicEntry(img: StoredImage): ImageEntry {
  const { bytes: _bytes, ...entry } = img;
  return entry;
}
