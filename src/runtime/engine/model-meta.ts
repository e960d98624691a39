/**
 * What the runtime needs to know about a model besides its ONNX bytes: how to preprocess a photo
 * for it (timm pretrained_cfg), its labels, which tensors hold each block's attention (the
 * analyzer's taps) and, for saliency, the final-stage features and classifier weights (CAM head).
 * Plain data, so it crosses the worker boundary unchanged.
 */
import type { Tap, WeightState } from '../../common/model.js';
import type { PreprocessConfig } from '../image/preprocess.js';
import type { LoadInfo } from './model-runner.js';

/**
 * Class activation map head (Zhou et al. 2016, "Learning Deep Features for Discriminative
 * Localization"): the last stage's output `[N, C, h, w]` and the fc weights `[classes, C]` that
 * follow the global average pool.
 */
export interface CamHead {
  features: string;
  /** Row-major `[classes, channels]`. */
  weight: Float32Array;
  classes: number;
  channels: number;
}

export interface ModelMeta {
  /** Shown in results: a timm preset (`resnest50d`) or a file name. */
  name: string;
  weights: WeightState;
  /** Default: timm's ImageNet default at the model's declared input size. */
  preprocess?: PreprocessConfig;
  /** Class names; default ImageNet for 1000 classes, `class N` otherwise. */
  labels?: string[];
  /** Logits output; default the first graph output. */
  logits?: string;
  taps?: Tap[];
  cam?: CamHead;
}

/** What the caller learns about a loaded model. */
export interface OpenedModel {
  info: LoadInfo;
  name: string;
  weights: WeightState;
  taps: Tap[];
  /** A CAM head was found: `saliency` works. */
  saliency: boolean;
}

export function opened(meta: ModelMeta, info: LoadInfo): OpenedModel {
  return { info, name: meta.name, weights: meta.weights, taps: meta.taps ?? [], saliency: !!meta.cam };
}
