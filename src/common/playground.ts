/**
 * The architecture playground's data (issue 19): a variant is a preset (or a saved timm spec) plus
 * edits of the knobs a person turns to ask "does ResNeSt need both K and R?". Plain JSON, shared by
 * the core, the Api, the CLI's `sweep` and the renderer's Playground view.
 */
import type { Diagram } from './diagram.js';

/** Attention of the blocks: none, SE, ECA, Selective Kernel, or ResNeSt split attention. */
export type VariantAttention = 'none' | 'se' | 'eca' | 'sk' | 'splat';
export const VARIANT_ATTENTIONS: readonly VariantAttention[] = ['none', 'se', 'eca', 'sk', 'splat'];

/** Where ResNeSt's stride-carrying 3x3 avg-pool sits: before or after the 3x3 conv, or nowhere. */
export type VariantAvd = 'none' | 'before' | 'after';

/** Knobs of a variant; an absent knob keeps the base's value. */
export interface VariantEdits {
  /** K: groups of the 3x3 conv. */
  cardinality?: number;
  /** R: splits of split attention (0 = plain conv, 1 = sigmoid gate); SK: kernel paths. */
  radix?: number;
  /** Width per group (timm `base_width`). */
  baseWidth?: number;
  /** Blocks per stage (layer1..layer4). */
  layers?: number[];
  attention?: VariantAttention;
  stem?: 'plain' | 'deep';
  avgDown?: boolean;
  avd?: VariantAvd;
}

/** A variant: a zoo preset by name, or a saved timm spec (kwargs JSON), plus edits. */
export interface VariantRequest {
  base?: string;
  timmSpec?: Record<string, unknown>;
  edits?: VariantEdits;
  /** Label shown for it (default: derived from the base and the edits). */
  label?: string;
}

/** Parameters and multiply-accumulates, in total and where they go. */
export interface VariantCost {
  params: number;
  macs: number;
  /** By part of the network: stem, reduce (1x1), conv3x3, attention, expand (1x1), shortcut, head. */
  parts: Record<CostPart, { params: number; macs: number }>;
  /** By stage (layer1..layer4). */
  stages: { params: number; macs: number }[];
}
export type CostPart = 'stem' | 'reduce' | 'conv3x3' | 'attention' | 'expand' | 'shortcut' | 'head';
export const COST_PARTS: readonly CostPart[] = ['stem', 'reduce', 'conv3x3', 'attention', 'expand', 'shortcut', 'head'];

/** Which pretrained weights a variant would use. */
export interface VariantWeights {
  state: 'pretrained' | 'untrained';
  /** The checkpoint whose shapes match (timm preset), when one does. */
  checkpoint?: string;
  /** One line: what is used and why (e.g. "shapes match resnest50d's checkpoint, which is not downloaded"). */
  note: string;
}

/** A published ImageNet-1k top-1 accuracy, with where it comes from. */
export interface PublishedAccuracy {
  top1: number;
  /** Evaluated at this input side. */
  imageSize: number;
  /** Short citation shown in the UI. */
  source: string;
  url: string;
}

/** The knobs' current values, as the playground shows them. */
export interface VariantKnobs {
  cardinality: number;
  radix: number;
  baseWidth: number;
  layers: number[];
  attention: VariantAttention;
  stem: 'plain' | 'deep';
  avgDown: boolean;
  avd: VariantAvd;
}

/** What defining a variant answers: either reasons it cannot be built, or its cost and diagram. */
export type VariantSummary =
  | { ok: false; label: string; reasons: string[] }
  | {
      ok: true;
      label: string;
      /** `resnest`, `seresnext`, ... */
      family: string;
      knobs: VariantKnobs;
      /** The file to save: timm ResNet kwargs, as `splitlens build --timm-spec` reads. */
      timmSpec: Record<string, unknown>;
      cost: VariantCost;
      weights: VariantWeights;
      published?: PublishedAccuracy;
      /** The model id the Api answers for it (attention, ops, diagrams); listed only once pinned. */
      modelId?: string;
      /** The block diagram (collapsed). */
      diagram?: Diagram;
    };

/** Measure a variant's latency: `runs` timed runs (default 5) after a warm-up; cancellable by `taskId`. */
export interface LatencyRequest {
  variant: VariantRequest;
  runs?: number;
  taskId?: string;
}

/** A measured latency of a variant on this machine. */
export interface VariantLatency {
  label: string;
  /** Median of the timed runs, ms (batch 1, the variant's input size). */
  latencyMs: number;
  /** Execution provider ORT ran on. */
  provider: string;
  runs: number;
  /** Why a better provider was not used, when it fell back. */
  fallback?: string;
}

/** Export a variant: ONNX with weights, ONNX stripped of weights (shapes kept), or the SVG diagram. */
export interface VariantExportRequest {
  variant: VariantRequest;
  format: 'onnx' | 'onnx-stripped' | 'svg';
  theme?: 'light' | 'dark';
}

export interface VariantExport {
  fileName: string;
  mimeType: string;
  /** base64 for ONNX, the text itself for SVG. */
  encoding: 'base64' | 'utf8';
  data: string;
}

/** Most variants pinned at once. */
export const MAX_PINNED_VARIANTS = 4;
