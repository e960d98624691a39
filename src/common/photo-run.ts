/**
 * The result of one photo through one model, as every side reads it: the attention of each block
 * and the class activation map travel as typed arrays (structured clone over IPC, a packed float32
 * body in serve mode — `packed-body.ts`), never as JSON number arrays. The runtime computes them
 * in one inference per (photo, model) and keeps them; the Api, the CLI and the diagram read them.
 */
import type { Tap, WeightState } from './model.js';

/** One block's attention for one photo: its tap (model.ts) named by block, and the values, flat in `dims` order. */
export interface AttentionBlock extends Pick<Tap, 'kind' | 'dims' | 'shape'> {
  /** timm block path, e.g. `layer1.0` (the tap's `block`). */
  name: string;
  values: Float32Array;
}

export interface AttentionResponse {
  model: string;
  blocks: AttentionBlock[];
}

/** Where the network input lies on the photo: the centre-crop window in photo pixels. */
export interface CropWindow {
  /** Photo size. */
  width: number;
  height: number;
  /** Crop window in photo pixel coordinates (may extend past the photo when the crop pads). */
  left: number;
  top: number;
  cropWidth: number;
  cropHeight: number;
}

/**
 * A class activation map at the feature map's own resolution (7×7 for a 224 px ResNet), min-max
 * scaled to 0..1, with the crop that maps it onto the photo. `saliencyOnPhoto` (saliency-upsample.ts)
 * samples it over the photo: the renderer, the SVG export and the CLI share that one function.
 */
export interface SaliencyMap {
  model: string;
  classIndex: number;
  label: string;
  grid: { width: number; height: number; values: Float32Array };
  crop: CropWindow;
}

export interface TopClass {
  index: number;
  label: string;
  prob: number;
}

/** How one model ran a photo: which weights, where, how long. */
export interface RunFacts {
  model: string;
  weights: WeightState;
  provider: string;
  /** Reason the preferred provider was not used, when it fell back. */
  fallback?: string;
  /** The inference this photo was in, ms (a batch's time divided by its photos). */
  latencyMs: number;
  firstRunMs?: number;
  top: TopClass[];
}

/** One photo through one model: what one inference yields, read from the runtime's cache when it ran before. */
export interface PhotoResult extends RunFacts {
  /** Photos in the inference that produced this result. */
  batch: number;
  /** Read from the cache: no inference ran for this request. */
  cached: boolean;
  /** Raw logits (asked for). */
  logits?: Float32Array;
  /** Every block's attention (asked for). */
  attention?: AttentionBlock[];
  /** The top class's class activation map (asked for; models with a classifier head the CAM reads). */
  saliency?: SaliencyMap;
}
