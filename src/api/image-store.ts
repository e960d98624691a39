/**
 * Images the user opened in this session, by id — the sha256 of their bytes, so the same photo
 * under another name is the same image (and hits the inference cache) — with a small JPEG preview
 * for the UI. The bytes stay here; they cross to the inference worker once (`PhotoRef`). The store is bounded (a serve
 * process takes photos for as long as it runs): past `maxImages` or `maxBytes` the least recently
 * used photos are forgotten (an id asked for later is an unknown image); the sample photos are
 * pinned.
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
const THUMB_QUALITY = 85;

export interface ImageStoreLimits {
  /** Most photos kept (default 100). */
  maxImages: number;
  /** Most bytes kept: the files plus their previews (default 256 MiB). */
  maxBytes: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageStoreLimits = { maxImages: 100, maxBytes: 256 * 2 ** 20 };

const sizeOf = (img: StoredImage): number => img.bytes.byteLength + img.thumbnail.length;

export class ImageStore {
  /** In order of last use, oldest first. */
  private readonly images = new Map<string, StoredImage>();
  private readonly pinned = new Set<string>();
  private bytes = 0;

  constructor(private readonly limits: ImageStoreLimits = DEFAULT_IMAGE_LIMITS) {}

  /** Photos and bytes held now (tests, the memory bench). */
  usage(): { images: number; bytes: number } {
    return { images: this.images.size, bytes: this.bytes };
  }

  /** `opts.id`: the bytes' `photoHash` when the caller has it already (a 5 MB photo hashes in ~10 ms). */
  async add(name: string, bytes: Uint8Array, opts: { pinned?: boolean; id?: string } = {}): Promise<ImageEntry> {
    const id = opts.id ?? photoHash(bytes);
    if (this.images.has(id)) {
      const known = this.get(id); // most recently used now
      known.name = name;
      if (opts.pinned) this.pinned.add(id);
      return publicEntry(known);
    }
    let meta: Metadata;
    let thumb: Buffer;
    // Worded as the runtime's decoder words it (decode-image.ts).
    if (!bytes.byteLength) throw new UserError(`${name}: empty file, not an image`);
    const img = sharp(bytes, { limitInputPixels: PIXEL_LIMIT, failOn: 'error' });
    try {
      meta = await img.metadata();
    } catch (e) {
      throw new UserError(`${name}: not a supported image (${oneLine(e)})`);
    }
    try {
      thumb = await img
        .rotate()
        .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        // JPEG, not PNG: a 451×300 photo's preview is 27 kB instead of 330 kB (440 kB of base64 on
        // every upload's answer) and takes 5 ms of CPU to make instead of 12.
        .jpeg({ quality: THUMB_QUALITY })
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
      thumbnail: `data:image/jpeg;base64,${thumb.toString('base64')}`,
      bytes,
    };
    this.images.set(entry.id, entry);
    this.bytes += sizeOf(entry);
    if (opts.pinned) this.pinned.add(entry.id);
    this.evict();
    return publicEntry(entry);
  }

  get(id: string): StoredImage {
    const img = this.images.get(id);
    if (!img) throw new UserError(`unknown image id '${id}': open the image first`);
    // Most recently used last.
    this.images.delete(id);
    this.images.set(id, img);
    return img;
  }

  /** The photo as the inference service takes it: named by its hash, bytes sent once. */
  ref(id: string): PhotoRef {
    const img = this.get(id);
    return { photoId: img.id, bytes: img.bytes };
  }

  /** Forget the least recently used unpinned photos until the store is within its limits. */
  private evict(): void {
    for (const [id, img] of this.images) {
      if (this.images.size <= this.limits.maxImages && this.bytes <= this.limits.maxBytes) return;
      if (this.pinned.has(id)) continue;
      this.images.delete(id);
      this.bytes -= sizeOf(img);
    }
  }

  list(): ImageEntry[] {
    return [...this.images.values()].map(publicEntry);
  }
}

function publicEntry(img: StoredImage): ImageEntry {
  const { bytes: _bytes, ...entry } = img;
  return entry;
}
