/**
 * The data that crosses the Api (src/api/contract.ts): requests, results and entries, plain data
 * and typed arrays (photo-run.ts). Environment-neutral, so the renderer, the core and both adapters
 * import the same types.
 */
import type { Family, WeightState } from './model.js';
import type { AttentionResponse, RunFacts, SaliencyMap } from './photo-run.js';
import type { DiagramRequest, Theme } from './diagram.js';

/**
 * A file the user chose: a path (Electron, CLI) or its bytes (an upload: raw bytes, structured clone
 * over IPC and a packed binary body in serve mode; base64 is still accepted).
 */
export type FileSource =
  | { kind: 'path'; path: string }
  | { kind: 'upload'; name: string; base64: string }
  | { kind: 'bytes'; name: string; bytes: Uint8Array };

/** Something a checkpoint's weights cannot tell, assumed as timm's models do, and what it is about. */
export interface CheckpointAssumption {
  about: 'inputSize' | 'avd' | 'skDilation' | 'labels';
  text: string;
}

/**
 * ResNeSt's avd: a 3x3 avg-pool carries the stride of strided blocks, after (timm's default) or
 * before the split-attention conv; `none`: the conv strides itself. It has no weights.
 */
export type AvdPlacement = 'after' | 'before' | 'none';

/** What splitlens read from a PyTorch/safetensors checkpoint, for the user to confirm before it opens. */
export interface CheckpointInspection {
  fileName: string;
  family: Family;
  /** Whose key names the checkpoint uses (`torchvision (same keys as timm)`, …). */
  layout: string;
  block: string;
  stem: string;
  /** Blocks per stage. */
  layers: number[];
  /** Planes per stage. */
  channels: number[];
  cardinality: number;
  radix: number;
  baseWidth: number;
  attention: string;
  numClasses: number;
  /** Where the class names come from. */
  labels: 'checkpoint' | 'imagenet' | 'numbered';
  /** `S` or `HxW`: what photos are preprocessed to (the graph takes any size). */
  inputSize: string;
  /** What the weights cannot say and was assumed (the dialog lets the user change the size and avd). */
  assumptions: CheckpointAssumption[];
  /** ResNeSt: where the avg-pool that carries a block's stride sits (absent for other families). */
  avd?: AvdPlacement;
  /** The spec as timm ResNet kwargs: what *Save spec* writes and `--timm-spec` reads. */
  timmSpec: Record<string, unknown>;
}

/** Open a checkpoint with a spec the user confirmed (absent: the inferred one). */
export interface OpenCheckpointRequest {
  source: FileSource;
  timmSpec?: Record<string, unknown>;
}

export interface AppInfo {
  version: string;
  versions: Record<string, string>;
  /** Execution providers this build can try, best first. */
  providers: string[];
  /** Where the app runs: `electron` or `serve`. */
  host: 'electron' | 'serve' | 'cli';
}

export interface ModelEntry {
  id: string;
  label: string;
  family: Family;
  /** `variant`: a playground variant pinned to the list. */
  source: 'zoo' | 'file' | 'variant';
  /** timm preset name for zoo models (`resnest50d`). */
  preset?: string;
  weights: WeightState;
  /**
   * Why the cached checkpoint is `damaged` (one line with the command that fetches it again), or
   * why an opened file `failed` to load or is `analysis-only`.
   */
  weightsProblem?: string;
  /** 0..1 while downloading. */
  downloadProgress?: number;
  params?: number;
  macs?: number;
  fileName?: string;
  /** The opened file's folder name (absent for uploads), to tell same-named files apart. */
  folder?: string;
  /**
   * Why this model cannot run (onnxruntime refused to load it), one line. Such a model is left out
   * of a predict that names no models; close it to remove it from the list.
   */
  loadError?: string;
}

export interface ImageEntry {
  id: string;
  name: string;
  width: number;
  height: number;
  /** A small JPEG preview (at most 512 px a side) as a data: URL. */
  thumbnail: string;
}

export interface PredictRequest {
  imageId: string;
  /** Default: every listed model. */
  modelIds?: string[];
  top?: number;
  /** Progress events and `cancel` use this id. */
  taskId?: string;
  /**
   * What else of each model's run to return with its prediction, read from the same inference:
   * its attention (as `attention()` returns it) and its top class's saliency map (as `saliency()`
   * returns it). The UI's views need both for every new photo; asked here, they cost no request
   * and no wait of their own.
   */
  with?: PredictExtra[];
}

export type PredictExtra = 'attention' | 'saliency';

/** One model's prediction for a photo, or the one-line reason it has none. */
export interface ModelPrediction extends RunFacts {
  error?: string;
  /** Asked for with `with: ['attention']`. */
  attention?: AttentionResponse;
  /** Asked for with `with: ['saliency']`; absent for a model without a classifier head the CAM reads. */
  saliency?: SaliencyMap;
}

export interface PredictResponse {
  image: string;
  results: ModelPrediction[];
}

/** Several photos through the models, batched per model (one inference per model for every uncached photo). */
export interface PredictManyRequest {
  imageIds: string[];
  /** Default: every listed model. */
  modelIds?: string[];
  top?: number;
  taskId?: string;
}

/** A class activation map of one photo through one model; `classIndex` absent: the top class. */
export interface SaliencyRequest {
  imageId: string;
  modelId: string;
  classIndex?: number;
}

/** A class activation map of one photo through one model; `classIndex` absent: the top class. */
export interface SaliencyRequest {
  imageId: string;
  modelId: string;
  classIndex?: number;
}

export interface ExportRequest extends DiagramRequest {
  theme?: Theme;
  /** Draw heatmaps from this image's attention. */
  imageId?: string;
  /** Drawn on top (default: `<model> — splitlens`). */
  title?: string;
}

export interface ProgressEvent {
  taskId: string;
  kind: 'predict' | 'download' | 'build' | 'analyze' | 'stats' | 'scale';
  model?: string;
  done: number;
  total: number;
  message?: string;
  state: 'running' | 'done' | 'error' | 'cancelled';
}

/** Attention statistics over a photo set (`statsRun`): photos opened or sampled before, by id. */
export interface StatsRunRequest {
  imageIds: string[];
  /** Default: every listed model. */
  modelIds?: string[];
  /** Progress events (`kind: 'stats'`) and `cancel` use this id; a cancelled run resolves with the partial report. */
  taskId?: string;
}

/** SKNet's scale experiment over a photo set (`scaleRun`). */
export interface ScaleRunRequest extends StatsRunRequest {
  /** Centre zoom factors, each 1..8 (default 1, 1.5, 2). */
  zooms?: number[];
}

export type {
  AttentionBlock,
  AttentionResponse,
  CropWindow,
  PhotoResult,
  RunFacts,
  SaliencyMap,
  TopClass,
} from './photo-run.js';

/** Statistics of one weight tensor's values (`src/analysis/weight-stats.ts`). */
export interface WeightStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (numpy's default). */
  std: number;
  /** Fraction of values that are exactly 0. */
  zeros: number;
  /** Counts of equal-width bins over [min, max]; the last bin holds the maximum. */
  histogram: { bins: number[] };
}

/** One initializer an op reads (weight, bias), with its statistics, or why there are none. */
export interface OpWeight {
  name: string;
  dims: number[];
  stats?: WeightStats;
  /** Why there are no statistics, e.g. `weights not in the file` for a stripped export. */
  missing?: string;
}
