/**
 * The photo side of the model runner: photos held by content hash (`putPhoto`, so the bytes cross
 * to the worker once), decoded once, and preprocessed once per (photo, preprocessing config), each
 * store bounded in bytes. The runner asks it for a model's input tensor of a photo.
 */
import { statSync } from 'node:fs';
import { decodeRgb } from '../image/decode-image.js';
import type { RgbImage } from '../image/pil-resample.js';
import { cropWindow, normalize, resizeAndCrop, type PreprocessConfig } from '../image/preprocess.js';
import { ByteLru } from './byte-lru.js';
import { PhotoMissingError, photoHash, type Unit } from './result-cache.js';

/** A photo the runner holds already (`putPhoto`), named by the sha256 of its bytes (hex). */
export interface PhotoId {
  photoId: string;
}

/** A photo: a path, its encoded bytes, or one held here. */
export type PhotoSource = string | Uint8Array | PhotoId;

export class PhotoInputs {
  private readonly photos: ByteLru<string, Uint8Array>;
  private readonly inputs: ByteLru<string, Unit>;
  /** The last photo decoded (a model with another preprocessing config reuses it). */
  private decoded?: { key: string; img: RgbImage };

  constructor(limits: { photoBytes: number; inputBytes: number }) {
    this.photos = new ByteLru(limits.photoBytes);
    this.inputs = new ByteLru(limits.inputBytes);
  }

  /** Keep a photo's bytes, named by the sha256 of its content; calls then name it `{ photoId }`. */
  put(photoId: string, bytes: Uint8Array): void {
    this.photos.set(photoId, bytes, bytes.byteLength);
  }

  has(photoId: string): boolean {
    return this.photos.has(photoId);
  }

  /** Bytes held: encoded photos, preprocessed inputs. */
  usage(): { photoBytes: number; inputBytes: number } {
    return { photoBytes: this.photos.bytes, inputBytes: this.inputs.bytes };
  }

  /** What names a photo's content in cache keys: its sha256, or a path with its size and mtime. */
  key(image: PhotoSource): string {
    if (typeof image === 'object' && 'photoId' in image) return image.photoId;
    if (typeof image !== 'string') return photoHash(image);
    try {
      const st = statSync(image);
      return `path:${image}\0${st.size}\0${st.mtimeMs}`;
    } catch {
      return `path:${image}`; // decodeRgb reports the missing file
    }
  }

  /** The photo decoded (the last one is kept: a model with another config reuses it). */
  private async decode(image: PhotoSource, key: string): Promise<RgbImage> {
    if (this.decoded?.key === key) return this.decoded.img;
    let source: string | Uint8Array;
    if (typeof image === 'object' && 'photoId' in image) {
      const bytes = this.photos.get(image.photoId);
      if (!bytes) throw new PhotoMissingError(`photo ${image.photoId} is not held by the inference worker`);
      source = bytes;
    } else source = image;
    const img = await decodeRgb(source);
    this.decoded = { key, img };
    return img;
  }

  /** The photo's input tensor for this preprocessing (`key`: the photo's `key`), made once per (photo, config). */
  async input(image: PhotoSource, key: string, cfg: PreprocessConfig): Promise<Unit> {
    const inputKey = `${key}\0${JSON.stringify(cfg)}`;
    const hit = this.inputs.get(inputKey);
    if (hit) return hit;
    const img = await this.decode(image, key);
    const [h, w] = cfg.size;
    const unit: Unit = {
      data: normalize(resizeAndCrop(img, cfg), cfg),
      h,
      w,
      window: cropWindow(img.width, img.height, cfg),
    };
    this.inputs.set(inputKey, unit, unit.data.byteLength);
    return unit;
  }
}
