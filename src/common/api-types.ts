/**
 * The data that crosses the Api (src/api/contract.ts): requests, results and entries, all plain
 * JSON. Environment-neutral, so the renderer, the core and both adapters import the same types.
 */
import type { AttentionKind, Family, TapDim, WeightState } from './model.js';
import type { DiagramRequest, Theme } from './diagram.js';

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
