/**
 * What the model runner keeps between requests, and its bounds: whole inference results per
 * (photo, model load), preprocessed inputs per (photo, config) and photos by content hash.
 */
import { createHash } from 'node:crypto';
import type { CropWindow } from '../../common/photo-run.js';
import { UserError } from '../../common/errors.js';
import type { TensorData } from './engine.js';
import type { Tap } from '../../common/model.js';
import type { ModelInput } from '../image/model-input.js';

/** The runner was asked for a photo it no longer holds (evicted, or a fresh worker): send it again. */
export class PhotoMissingError extends Error {
  override name = 'PhotoMissingError';
}

/** Bounds of the runner's caches, bytes. */
export interface CacheLimits {
  /**
   * Encoded photos sent by `putPhoto` (default 128 MiB: a batch's photos are all sent before it
   * runs, and the CLI's batches hold up to 128 MiB of files).
   */
  photoBytes?: number;
  /** Preprocessed input tensors per (photo, preprocessing config) (default 64 MiB). */
  inputBytes?: number;
  /** Inference results per (photo, model): logits, attention, CAM features (default 256 MiB). */
  resultBytes?: number;
}

export const DEFAULT_CACHE_LIMITS: Required<CacheLimits> = {
  photoBytes: 128 * 2 ** 20,
  inputBytes: 64 * 2 ** 20,
  resultBytes: 256 * 2 ** 20,
};

/** Largest batch one inference runs (a batch of 32 at 224² is ~20 MB of input). */
export const MAX_BATCH = 32;

/** What the cache counters say (tests, the bench). */
export interface CacheStats {
  /** ORT runs on photos since start (warm-ups excluded). */
  inferences: number;
  /** Photos those runs covered. */
  photosRun: number;
  resultHits: number;
  resultMisses: number;
  resultBytes: number;
  resultBound: number;
  photoBytes: number;
  inputBytes: number;
  /** Inputs made on the worker's preprocessing thread (the rest were made on the worker's own). */
  inputsMadeAside?: number;
  /** The worker process's resident set, bytes (filled in by the worker host). */
  rssBytes?: number;
}

/** The sha256 of a photo's bytes, hex: its id in the Api and the runner. */
export function photoHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One photo through one model, as kept in the cache. */
export interface CachedRun {
  logits: Float32Array;
  /** One per `meta.taps`, per-image values. */
  taps: Float32Array[];
  /** CAM features `[C, h, w]` (models with a CAM head). */
  features?: Float32Array;
  featureDims?: [number, number, number];
  window: CropWindow;
  /** The inference's time divided by its photos. */
  ms: number;
  batch: number;
}

/** A photo ready to run: its input tensor `[3, h, w]` and where it lies on the photo. */
export type Unit = ModelInput;

/** What a cached result weighs: its arrays plus a little for the object. */
export function runBytes(r: CachedRun): number {
  let n = 256 + r.logits.byteLength + (r.features?.byteLength ?? 0);
  for (const t of r.taps) n += t.byteLength;
  return n;
}

/** One inference's outputs over `units` (a batch) → one result per photo: logits, each tap, CAM features. */
export function splitRuns(
  out: Readonly<Record<string, TensorData>>,
  names: { logits: string; taps: readonly Tap[]; features?: string },
  units: readonly Unit[],
  ms: number,
): CachedRun[] {
  const b = units.length;
  const split = (name: string, what: string, expected?: number): Float32Array[] => {
    const t = out[name];
    if (!t) throw new Error(`${what} tensor ${name} was not returned by the model`);
    const n = t.data.length / b;
    if (!Number.isInteger(n) || (expected !== undefined && n !== expected))
      throw new Error(`${what} tensor ${name} has ${t.data.length} values, expected ${b}×${expected ?? 'n'}`);
    // One photo: the output itself (onnxruntime-node returns arrays of their own, not views of its
    // arena), saving a copy of every tap and the CAM features per run.
    if (b === 1) return [t.data];
    return Array.from({ length: b }, (_, i) => t.data.slice(i * n, (i + 1) * n));
  };
  const logits = split(names.logits, 'logits');
  const tapValues = names.taps.map((t) =>
    split(
      t.tensor,
      `attention (${t.block})`,
      t.shape.reduce((x, y) => x * y, 1),
    ),
  );
  let features: Float32Array[] | undefined;
  let featureDims: [number, number, number] | undefined;
  if (names.features) {
    const [, c = 1, fh = 1, fw = 1] = out[names.features]?.dims ?? [];
    featureDims = [c, fh, fw];
    features = split(names.features, 'CAM features', c * fh * fw);
  }
  return units.map((u, i) => ({
    logits: logits[i]!,
    taps: tapValues.map((v) => v[i]!),
    ...(features ? { features: features[i]!, featureDims: featureDims! } : {}),
    window: u.window,
    ms: ms / b,
    batch: b,
  }));
}

/** A raw tensor's images, one unit each. */
export function rawUnits(image: { tensor: Float32Array; dims: number[] }): Unit[] {
  const n = image.dims.reduce((a, b) => a * b, 1);
  if (image.dims.length !== 4 || image.dims[1] !== 3 || n !== image.tensor.length) {
    throw new UserError(
      `tensor of ${image.tensor.length} values does not match shape [${image.dims.join(', ')}] (expected N,3,H,W)`,
    );
  }
  const [b, , h, w] = image.dims as [number, number, number, number];
  const per = 3 * h * w;
  const window = { width: w, height: h, left: 0, top: 0, cropWidth: w, cropHeight: h };
  return Array.from({ length: b }, (_, i) => ({ data: image.tensor.subarray(i * per, (i + 1) * per), h, w, window }));
}
