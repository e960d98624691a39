/**
 * The one typed Api the UI talks to. Implemented once in `src/api/` and carried unchanged by two
 * thin adapters: the Electron preload (contextBridge + IPC) and serve mode (HTTP + SSE on
 * loopback). Everything crossing it is plain JSON data. The renderer may import this file (types
 * only) and nothing else from `src/`.
 */
import type { Analysis, Family, OpNode, TapDim, AttentionKind, WeightState } from '../core/model.js';
import type { Diagram, DiagramRequest, Theme } from '../core/diagram.js';

export type { Analysis, Family, OpNode, TapDim, AttentionKind, WeightState, Diagram, DiagramRequest, Theme };
export type { Block, Stage, Tap, BlockType } from '../core/model.js';
export type { DiagramNode, DiagramEdge, DiagramNodeKind } from '../core/diagram.js';

/** A file the user chose: a path (Electron, CLI) or its bytes (browser upload in serve mode). */
export type FileSource = { kind: 'path'; path: string } | { kind: 'upload'; name: string; base64: string };

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
  source: 'zoo' | 'file';
  /** timm preset name for zoo models (`resnest50d`). */
  preset?: string;
  weights: WeightState;
  /** Why the cached checkpoint is `damaged`, one line with the command that fetches it again. */
  weightsProblem?: string;
  /** 0..1 while downloading. */
  downloadProgress?: number;
  params?: number;
  macs?: number;
  fileName?: string;
}

export interface ImageEntry {
  id: string;
  name: string;
  width: number;
  height: number;
  /** A small PNG preview as a data: URL. */
  thumbnail: string;
}

export interface PredictRequest {
  imageId: string;
  /** Default: every listed model. */
  modelIds?: string[];
  top?: number;
  /** Progress events and `cancel` use this id. */
  taskId?: string;
}

export interface TopClass {
  index: number;
  label: string;
  prob: number;
}

export interface ModelPrediction {
  model: string;
  weights: WeightState;
  provider: string;
  /** Reason the preferred provider was not used, when it fell back. */
  fallback?: string;
  latencyMs: number;
  firstRunMs?: number;
  top: TopClass[];
  error?: string;
}

export interface PredictResponse {
  image: string;
  results: ModelPrediction[];
}

export interface AttentionBlock {
  name: string;
  kind: AttentionKind;
  dims: TapDim[];
  shape: number[];
  /** One flat array per input image, in `dims` order. */
  values: number[][];
}

export interface AttentionResponse {
  model: string;
  blocks: AttentionBlock[];
}

export interface SaliencyMap {
  model: string;
  classIndex: number;
  label: string;
  width: number;
  height: number;
  /** Row-major values in 0..1 at the image's size. */
  values: number[];
}

export interface ExportRequest extends DiagramRequest {
  theme?: Theme;
  /** Draw heatmaps from this image's attention. */
  imageId?: string;
}

export interface ProgressEvent {
  taskId: string;
  kind: 'predict' | 'download' | 'build' | 'analyze';
  model?: string;
  done: number;
  total: number;
  message?: string;
  state: 'running' | 'done' | 'error' | 'cancelled';
}

export interface Api {
  info(): Promise<AppInfo>;
  listModels(): Promise<ModelEntry[]>;
  openModel(src: FileSource): Promise<ModelEntry>;
  analyze(modelId: string): Promise<Analysis>;
  /** ONNX ops of one block, to expand it in the diagram. */
  blockOps(modelId: string, block: string): Promise<OpNode[]>;
  diagram(req: DiagramRequest): Promise<Diagram>;
  exportSvg(req: ExportRequest): Promise<string>;
  sampleImages(): Promise<ImageEntry[]>;
  openImage(src: FileSource): Promise<ImageEntry>;
  predict(req: PredictRequest): Promise<PredictResponse>;
  attention(req: { imageId: string; modelId: string }): Promise<AttentionResponse>;
  saliency(req: { imageId: string; modelId: string }): Promise<SaliencyMap>;
  pullWeights(req: { modelId: string; taskId?: string }): Promise<ModelEntry>;
  cancel(taskId: string): Promise<void>;
}

/** Method names, for adapters that forward calls (IPC channels, HTTP routes). */
export const API_METHODS = [
  'info',
  'listModels',
  'openModel',
  'analyze',
  'blockOps',
  'diagram',
  'exportSvg',
  'sampleImages',
  'openImage',
  'predict',
  'attention',
  'saliency',
  'pullWeights',
  'cancel',
] as const satisfies readonly (keyof Api)[];

export type ApiMethod = (typeof API_METHODS)[number];

/** Host-side extras: progress events pushed to the UI. */
export interface ApiEvents {
  onProgress(listener: (e: ProgressEvent) => void): () => void;
}

/** What the renderer receives: the Api plus its event stream. */
export type UiApi = Api & ApiEvents;

/** IPC channel prefix (Electron) — every channel is `splitlens:<method>`. */
export const IPC_PREFIX = 'splitlens:';
export const IPC_PROGRESS = 'splitlens:progress';

// Compile-time check that API_METHODS names every Api method.
type MissingMethods = Exclude<keyof Api, ApiMethod>;
const everyMethodListed: MissingMethods extends never ? true : MissingMethods = true;
void everyMethodListed;
