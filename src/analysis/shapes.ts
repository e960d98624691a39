/**
 * Light shape propagation for CNN graphs: spatial size (H, W) of each activation at the declared
 * input size, and whether a tensor is "pooled" (derived from a global average, i.e. it lives in an
 * attention branch). Enough for strides, MACs and telling attention convs from body convs.
 */
import { constantValues } from '../onnx/tensor.js';
import type { OnnxNode } from '../onnx/model.js';
import type { Graph } from './graph.js';

export type HW = [number, number];

export const ASSUMED_SIZE = 224;

export interface Shapes {
  hw: Map<string, HW>;
  /** Tensors computed from a global pooling (squeezed to 1x1), up to the Mul that applies them. */
  pooled: Set<string>;
  /** Rank of tensors where known. */
  rank: Map<string, number>;
}

const POOL_OPS = new Set(['MaxPool', 'AveragePool', 'LpPool']);
const GLOBAL_POOLS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);
const REDUCE_OPS = new Set(['ReduceMean', 'ReduceMax', 'ReduceSum', 'ReduceMin', 'ReduceL2']);

export function ints(n: OnnxNode, name: string): number[] | undefined {
  const v = n.attrs.get(name);
  return Array.isArray(v) ? v.map(Number) : undefined;
}

export function int(n: OnnxNode, name: string, fallback: number): number {
  const v = n.attrs.get(name);
  return typeof v === 'number' ? v : fallback;
}

/** Groups of a Conv (`group`, default 1). */
export function groupOf(n: OnnxNode): number {
  return int(n, 'group', 1);
}

/** Output channels of a Conv, from its weight (0 when the weight is unknown). */
export function convOut(g: Graph, n: OnnxNode): number {
  return g.weight(n.inputs[1])?.dims[0] ?? 0;
}

/** Input channels of a Conv: the weight's channels per group times the groups. */
export function convIn(g: Graph, n: OnnxNode): number {
  return (g.weight(n.inputs[1])?.dims[1] ?? 0) * groupOf(n);
}

/** Kernel size of a Conv/pool: attribute, else the weight's trailing dims. */
export function kernelOf(g: Graph, n: OnnxNode): number[] {
  const k = ints(n, 'kernel_shape');
  if (k) return k;
  const w = g.weight(n.inputs[1]);
  return w ? w.dims.slice(2) : [];
}

export function windowOut(
  size: number,
  k: number,
  s: number,
  d: number,
  padSum: number,
  ceil: boolean,
  autoPad: string,
): number {
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / s);
  if (autoPad === 'VALID') return Math.floor((size - d * (k - 1) - 1) / s) + 1;
  const x = (size + padSum - d * (k - 1) - 1) / s;
  return (ceil ? Math.ceil(x) : Math.floor(x)) + 1;
}

/**
 * A sliding-window op's (Conv, pooling) output size along one spatial axis as a function of the input's,
 * or undefined when the op has no 2-D kernel. One reading of its attributes for every caller.
 */
export function windowSide(g: Graph, n: OnnxNode): ((size: number, axis: 0 | 1) => number) | undefined {
  const k = kernelOf(g, n);
  if (k.length !== 2) return undefined;
  const s = ints(n, 'strides') ?? [1, 1];
  const d = ints(n, 'dilations') ?? [1, 1];
  const p = ints(n, 'pads') ?? [0, 0, 0, 0];
  const ceil = int(n, 'ceil_mode', 0) === 1;
  const autoPad = String(n.attrs.get('auto_pad') ?? 'NOTSET');
  return (size, i) => windowOut(size, k[i]!, s[i] ?? 1, d[i] ?? 1, (p[i] ?? 0) + (p[i + 2] ?? 0), ceil, autoPad);
}

function windowHW(g: Graph, n: OnnxNode, hw: HW): HW | undefined {
  const side = windowSide(g, n);
  return side && [side(hw[0], 0), side(hw[1], 1)];
}

/** Axes of a Reduce op (attribute before opset 18 / 13 for ReduceSum, input after). */
export function reduceAxes(g: Graph, n: OnnxNode): number[] | undefined {
  return ints(n, 'axes') ?? constantValues(g.model, g.producers, n.inputs[1]);
}

/** `splitlens.input_size` metadata (`S` or `HxW`) of a model built with dynamic height and width. */
export function recordedSize(g: Graph): [number, number] | undefined {
  const prop = g.model.proto.metadataProps?.find((p) => p.key === 'splitlens.input_size')?.value;
  const m = prop ? /^(\d{1,4})(?:x(\d{1,4}))?$/.exec(prop) : null;
  if (!m) return undefined;
  const h = Number(m[1]);
  return [h, m[2] ? Number(m[2]) : h];
}

export function inferShapes(g: Graph): Shapes {
  const hw = new Map<string, HW>();
  const rank = new Map<string, number>();
  const pooled = new Set<string>();
  const [assumedH, assumedW] = recordedSize(g) ?? [ASSUMED_SIZE, ASSUMED_SIZE];
  for (const input of g.model.inputs) {
    const s = input.shape;
    if (!s) continue;
    rank.set(input.name, s.length);
    // A symbolic image size is taken as the size the model records (a splitlens build's
    // `splitlens.input_size`), else 224 (ImageNet), so strides and MACs still come out.
    const h = typeof s[2] === 'number' ? s[2] : assumedH;
    const w = typeof s[3] === 'number' ? s[3] : assumedW;
    if (s.length === 4) hw.set(input.name, [h, w]);
  }
  for (const n of g.nodes) {
    if (!g.data[n.index]) continue;
    const ins = g.dataInputs(n);
    const inHW = ins.map((t) => hw.get(t)).filter((x): x is HW => x !== undefined);
    const first = hw.get(ins[0] ?? '');
    const inRank = rank.get(ins[0] ?? '');
    let out: HW | undefined;
    let outRank = inRank;
    let isPooled = ins.length > 0 && ins.every((t) => pooled.has(t));
    const op = n.opType;
    if (op === 'Conv' || POOL_OPS.has(op)) {
      out = first ? windowHW(g, n, first) : undefined;
    } else if (GLOBAL_POOLS.has(op)) {
      out = [1, 1];
      isPooled = true;
    } else if (REDUCE_OPS.has(op)) {
      const r = inRank ?? 4;
      const axes = (reduceAxes(g, n) ?? []).map((a) => (a < 0 ? a + r : a));
      const keep = int(n, 'keepdims', 1) === 1;
      const spatial = axes.includes(r - 1) && axes.includes(r - 2);
      if (spatial) {
        out = keep ? [1, 1] : undefined;
        isPooled = true;
      } else out = first;
      if (!keep && inRank !== undefined) outRank = inRank - axes.length;
    } else if (op === 'Pad') {
      const pads = ints(n, 'pads') ?? constantValues(g.model, g.producers, n.inputs[1]);
      const r = inRank ?? 4;
      out =
        first && pads && pads.length === 2 * r
          ? [first[0] + pads[r - 2]! + pads[2 * r - 2]!, first[1] + pads[r - 1]! + pads[2 * r - 1]!]
          : first;
    } else if (op === 'Flatten' || op === 'Gemm' || op === 'MatMul' || op === 'Resize' || op === 'Upsample') {
      out = undefined;
      outRank = op === 'Flatten' || op === 'Gemm' ? 2 : undefined;
    } else if (op === 'Reshape') {
      out = first;
      const target = constantValues(g.model, g.producers, n.inputs[1]);
      const shapeProducer = g.producers.get(n.inputs[1] ?? '');
      outRank = target?.length ?? (shapeProducer?.opType === 'Concat' ? shapeProducer.inputs.length : undefined);
      if (outRank !== undefined && outRank < 4) out = undefined;
    } else if (op === 'Unsqueeze' || op === 'Squeeze') {
      out = first;
      const axes = ints(n, 'axes') ?? constantValues(g.model, g.producers, n.inputs[1]) ?? [];
      if (inRank !== undefined) outRank = inRank + (op === 'Unsqueeze' ? axes.length : -axes.length);
    } else {
      // Elementwise and layout ops: broadcasting keeps the largest spatial size.
      out = inHW.reduce<HW | undefined>((best, x) => (!best || x[0] * x[1] > best[0] * best[1] ? x : best), undefined);
      if ((op === 'Mul' || op === 'Add') && ins.some((t) => !pooled.has(t))) isPooled = false;
    }
    for (const o of n.outputs) {
      if (out) hw.set(o, out);
      if (outRank !== undefined) rank.set(o, outRank);
      if (isPooled) pooled.add(o);
    }
  }
  return { hw, pooled, rank };
}
