/**
 * The one typed Api the UI talks to. Implemented once in `src/api/` and carried unchanged by two
 * thin adapters: the Electron preload (contextBridge + IPC) and serve mode (HTTP + SSE on
 * loopback). Everything crossing it is plain data and typed arrays (attention, saliency, uploads:
 * structured clone over IPC, a packed binary body in serve mode), defined in src/common/
 * (api-types.ts, photo-run.ts, model.ts, diagram.ts) and re-exported here so the contract reads whole. The renderer imports
 * this file as types only.
 */
import type { Analysis, OpNode } from '../common/model.js';
import type { Diagram, DiagramRequest } from '../common/diagram.js';
import type {
  AppInfo,
  AttentionResponse,
  CheckpointInspection,
  ExportRequest,
  FileSource,
  ImageEntry,
  ModelEntry,
  OpenCheckpointRequest,
  OpWeight,
  PredictManyRequest,
  PredictRequest,
  PredictResponse,
  ProgressEvent,
  SaliencyMap,
  ScaleRunRequest,
  StatsRunRequest,
  SaliencyRequest,
} from '../common/api-types.js';
import type { ScaleReport, StatsReport } from '../common/stats-report.js';
import type { API_METHODS, ApiMethod } from '../common/api-methods.js';
import type {
  LatencyRequest,
  VariantExport,
  VariantExportRequest,
  VariantLatency,
  VariantRequest,
  VariantSummary,
} from '../common/playground.js';

export type * from '../common/model.js';
export type * from '../common/diagram.js';
export type * from '../common/tensor-shape.js';
export type * from '../common/api-types.js';
export type * from '../common/stats-report.js';
export type * from '../common/playground.js';
export type { ApiMethod } from '../common/api-methods.js';

export interface Api {
  info(): Promise<AppInfo>;
  listModels(): Promise<ModelEntry[]>;
  /** An ONNX file, or a checkpoint (.pth/.pt/.bin/.safetensors) opened with its inferred spec. */
  openModel(src: FileSource): Promise<ModelEntry>;
  /** Read a checkpoint and infer its architecture, without opening it. */
  inspectCheckpoint(src: FileSource): Promise<CheckpointInspection>;
  /** Open a checkpoint with a confirmed (or edited) spec. */
  openCheckpoint(req: OpenCheckpointRequest): Promise<ModelEntry>;
  /** Close an opened file (ONNX or checkpoint): it leaves the list and the worker lets it go. Zoo models stay. */
  closeModel(modelId: string): Promise<void>;
  analyze(modelId: string): Promise<Analysis>;
  /** ONNX ops of one block, to expand it in the diagram. */
  blockOps(modelId: string, block: string): Promise<OpNode[]>;
  /** The weights (initializers) one op reads, by the op's ONNX node name, with their value statistics. */
  opWeights(modelId: string, op: string): Promise<OpWeight[]>;
  diagram(req: DiagramRequest): Promise<Diagram>;
  exportSvg(req: ExportRequest): Promise<string>;
  sampleImages(): Promise<ImageEntry[]>;
  openImage(src: FileSource): Promise<ImageEntry>;
  predict(req: PredictRequest): Promise<PredictResponse>;
  /** Several photos: per model one batched inference over the uncached ones; one response per photo, in order. */
  predictMany(req: PredictManyRequest): Promise<PredictResponse[]>;
  /** Every block's attention (Float32Array values), from the same cached inference as the prediction. */
  attention(req: { imageId: string; modelId: string }): Promise<AttentionResponse>;
  /** CAM of any class (default the top one) at the feature map's resolution; `saliencyOnPhoto` puts it on the photo. */
  saliency(req: SaliencyRequest): Promise<SaliencyMap>;
  pullWeights(req: { modelId: string; taskId?: string }): Promise<ModelEntry>;
  cancel(taskId: string): Promise<void>;
  /**
   * Attention statistics of the models over the photos (docs/statistics.md). Progress events of
   * kind `stats`; `cancel(taskId)` ends the run early and it resolves with what ran (`complete: false`).
   */
  statsRun(req: StatsRunRequest): Promise<StatsReport>;
  /** SKNet's scale experiment over the photos at centre zooms; progress, cancel and partial results as `statsRun`. */
  scaleRun(req: ScaleRunRequest): Promise<ScaleReport>;
  /** The zoo presets a variant can start from (timm names). */
  listPresets(): Promise<string[]>;
  /** A preset or saved timm spec plus edits → cost, weights, published top-1 and diagram, or one-line reasons. */
  defineVariant(req: VariantRequest): Promise<VariantSummary>;
  /** Pin a variant (at most four): it joins `listModels` as a model of its own. */
  pinVariant(req: VariantRequest): Promise<ModelEntry>;
  unpinVariant(modelId: string): Promise<void>;
  /** Median latency of a variant in a real ORT session on this machine, with the provider it ran on. */
  measureLatency(req: LatencyRequest): Promise<VariantLatency>;
  /** A variant as ONNX (with weights or stripped) or as the SVG diagram. */
  exportVariant(req: VariantExportRequest): Promise<VariantExport>;
}

/** Host-side extras: progress events pushed to the UI. */
export interface ApiEvents {
  onProgress(listener: (e: ProgressEvent) => void): () => void;
}

/** What the renderer receives: the Api plus its event stream. */
export type UiApi = Api & ApiEvents;

// Compile-time checks that API_METHODS names every Api method, and only Api methods.
type MissingMethods = Exclude<keyof Api, ApiMethod>;
const everyMethodListed: MissingMethods extends never ? true : MissingMethods = true;
void everyMethodListed;
type UnknownMethods = Exclude<(typeof API_METHODS)[number], keyof Api>;
const onlyApiMethods: UnknownMethods extends never ? true : UnknownMethods = true;
void onlyApiMethods;
