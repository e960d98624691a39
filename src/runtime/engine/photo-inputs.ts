/**
 * The photo side of the model runner: photos held by content hash (`putPhoto`, so the bytes cross
 * to the worker once), decoded once, and preprocessed once per (photo, preprocessing config), each
 * store bounded in bytes. The runner asks it for a model's input tensor of a photo.
 */
import { statSync } from 'node:fs';
import { decodeRgb } from '../image/decode-image.js';
import type { RgbImage } from '../image/pil-resample.js';
import type { PreprocessConfig } from '../image/preprocess.js';
import { modelInput, type ModelInput } from '../image/model-input.js';
import { ByteLru } from './byte-lru.js';
import { PhotoMissingError, photoHash, type Unit } from './result-cache.js';

/** A photo the runner holds already (`putPhoto`), named by the sha256 of its bytes (hex). */
export interface PhotoId {
  photoId: string;
}

/** A photo: a path, its encoded bytes, or one held here. */
export type PhotoSource = string | Uint8Array | PhotoId;

/** Makes a model input elsewhere (the worker's preprocessing thread): the values `modelInput` makes. */
export interface InputMaker {
  make(img: RgbImage, cfg: PreprocessConfig): Promise<ModelInput>;
}

/** An input's key: the photo's key and the preprocessing config. */
const inputKeyOf = (photoKey: string, cfg: PreprocessConfig): string => `${photoKey}\0${JSON.stringify(cfg)}`;

export class PhotoInputs {
  private readonly photos: ByteLru<string, Uint8Array>;
  private readonly inputs: ByteLru<string, Unit>;
  /** The last photo decoded (a model with another preprocessing config reuses it). */
  private decoded?: { key: string; img: RgbImage };
  /** Inputs the helper is making, by input key. */
  private readonly making = new Map<string, Promise<Unit>>();
  /** Inputs the helper made. */
  private helped = 0;

  constructor(
    limits: { photoBytes: number; inputBytes: number },
    private readonly helper?: InputMaker,
  ) {
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

  /** Bytes held (encoded photos, preprocessed inputs), and how many inputs the helper made. */
  usage(): { photoBytes: number; inputBytes: number; inputsMadeAside: number } {
    return { photoBytes: this.photos.bytes, inputBytes: this.inputs.bytes, inputsMadeAside: this.helped };
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
    const inputKey = inputKeyOf(key, cfg);
    const hit = this.inputs.get(inputKey);
    if (hit) return hit;
    const making = this.making.get(inputKey);
    if (making) {
      try {
        return await making;
      } catch {
        // the helper failed: made here below
      }
    }
    const unit = modelInput(await this.decode(image, key), cfg);
    this.inputs.set(inputKey, unit, unit.data.byteLength);
    return unit;
  }

  /**
   * A new photo's inputs for `cfgs`, ahead of its runs: the first made here (the first run waits
   * for it), then the others handed to the helper, which makes them while the runs block this
   * thread (handed over after the first, not before: on two cores the helper took a core from the
   * first input and the preview). Without a helper, only the first: made here, the others would
   * only delay the first run.
   */
  async prepare(image: PhotoSource, key: string, cfgs: readonly PreprocessConfig[]): Promise<void> {
    const [first, ...rest] = cfgs;
    if (!first) return;
    await this.input(image, key, first);
    // Only inputs neither held nor being made: a photo opened again decodes nothing here.
    const todo = rest.filter((cfg) => !this.inputs.has(inputKeyOf(key, cfg)) && !this.making.has(inputKeyOf(key, cfg)));
    if (!this.helper || !todo.length) return;
    const img = await this.decode(image, key);
    for (const cfg of todo) this.makeElsewhere(this.helper, img, inputKeyOf(key, cfg), cfg);
  }

  private makeElsewhere(helper: InputMaker, img: RgbImage, inputKey: string, cfg: PreprocessConfig): void {
    if (this.inputs.has(inputKey) || this.making.has(inputKey)) return;
    const making = helper.make(img, cfg);
    this.making.set(inputKey, making);
    making.then(
      (unit) => {
        this.making.delete(inputKey);
        this.helped++;
        this.inputs.set(inputKey, unit, unit.data.byteLength);
      },
      () => this.making.delete(inputKey),
    );
  }
}
