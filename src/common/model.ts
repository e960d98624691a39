/**
 * The shared vocabulary of splitlens: one generic ResNet description used by the analyzer, the zoo
 * builder, the runtime, the UI and the SVG export (as timm's `ResNet` covers every variant with
 * pluggable blocks). Plain data only: everything here crosses IPC and HTTP as JSON.
 */
import type { Dims } from './tensor-shape.js';

/** Families as in docs/cli.md (wide ResNets are `resnet`; SENet-154 is `seresnext`). */
export type Family =
  'resnet' | 'resnext' | 'seresnet' | 'seresnext' | 'skresnet' | 'skresnext' | 'resnest' | 'ecaresnet' | 'unknown';

export const FAMILIES: readonly Family[] = [
  'resnet',
  'resnext',
  'seresnet',
  'seresnext',
  'skresnet',
  'skresnext',
  'resnest',
  'ecaresnet',
  'unknown',
];

/** Residual block body: two 3x3 convs, or 1x1 reduce → 3x3 → 1x1 expand. */
export type BlockType = 'basic' | 'bottleneck';

/** Attention on top of the 3x3 part. `splat` = ResNeSt split attention. */
export type AttentionKind = 'none' | 'se' | 'sk' | 'splat' | 'eca';

/** Named axes of an attention tensor, per image. */
export type TapDim = 'radix' | 'cardinal' | 'channel' | 'path';

/**
 * An ONNX tensor that holds one block's attention weights: the one description of an attention tap
 * used by the analyzer, the runtime (which fetches it) and, with its values, the Api
 * (`AttentionBlock` in photo-run.ts).
 */
export interface Tap {
  /** timm block path it belongs to, e.g. `layer1.0`. */
  block: string;
  /** ONNX tensor name (for zoo-built models: `attn:<timm module path>`). */
  tensor: string;
  kind: AttentionKind;
  dims: TapDim[];
  /** Shape per image, in `dims` order: ResNeSt R>1 `[R, K, C/K]`, R=1 `[C]`, SK `[paths, C]`, SE/ECA `[C]`. */
  shape: number[];
}

export interface Block {
  /** timm module path, e.g. `layer3.2`. */
  name: string;
  type: BlockType;
  in: number;
  out: number;
  stride: number;
  cardinality: number;
  /** Splits the attention chooses between: ResNeSt R, SK paths, else 1. */
  radix: number;
  attention: AttentionKind;
  downsample: boolean;
  /** Width of the 3x3 part (C in docs/architectures.md), when known. */
  width?: number;
  /** ONNX node names this block covers, in graph order (to expand the block into ops). */
  nodes: string[];
  taps: Tap[];
  /**
   * The residual block could not be read in the ResNet vocabulary (e.g. an inverted residual):
   * it is kept in place with its ops; type/K/R/attention are then best guesses (attention `none`).
   */
  unrecognised?: true;
}

export interface Stage {
  name: string;
  blocks: Block[];
}

/** The architecture a person thinks in, recovered from (or built into) an ONNX graph. */
export interface Analysis {
  family: Family;
  opset: number;
  producer: string;
  /**
   * The graph input as declared; `size` is the height and width the model records it is meant to
   * run at (`splitlens.input_size`) when the declared ones are symbolic.
   */
  input: { name: string; shape: (number | string)[]; size?: [number, number] };
  numClasses: number;
  /** ONNX node names of the stem (before layer1) and head (after the last stage). */
  stem: { nodes: string[]; type: 'plain' | 'deep' | 'unknown' };
  head: { nodes: string[] };
  stages: Stage[];
  params: number;
  /** Multiply-accumulates of Conv and Gemm/MatMul at the input size (batch 1). */
  macs: number;
}

/** One ONNX op, for expanding a block into its ops in a diagram. */
export interface OpNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  /** A short human attribute summary, e.g. `3x3 /2 g=64`. */
  detail?: string;
  /** Shapes of `inputs` and `outputs`, same order (`[N, 256, 56, 56]`; `null` where unknown). */
  inputDims?: (Dims | null)[];
  outputDims?: (Dims | null)[];
  /** The initializers (weights, biases) the op reads, with their shapes, in input order. */
  weights?: { name: string; dims: number[] }[];
}

/**
 * `damaged`: a zoo model whose cached checkpoint failed verification; it runs untrained until the
 * weights are fetched again (a model list state only: predictions say what actually ran).
 */
/**
 * Zoo models: `untrained` (seeded random), `downloading`, `pretrained`, `damaged` (cached checkpoint
 * failed verification). Opened files: `in-file` (the weights are in the file), `analysis-only` (the
 * file has the graph but not its weights: diagrams and analysis, no predictions) and `failed` (it
 * could not be loaded to run; `weightsProblem` says why).
 */
export type WeightState =
  'untrained' | 'downloading' | 'pretrained' | 'damaged' | 'in-file' | 'analysis-only' | 'failed';
