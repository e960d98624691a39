/**
 * Full tensor shapes (`[N, 256, 56, 56]`) of every activation in a CNN graph, at the declared input
 * size, for the diagram's op edges and the op properties panel (what Netron shows). `shapes.ts`
 * keeps the light H×W pass that strides and MACs need; this pass adds channels, ranks and the
 * shape arithmetic exporters emit (Shape → Gather → Div → Unsqueeze → Concat → Reshape), evaluated
 * with the batch dim kept symbolic. A dim that cannot be known is `?`; an op it does not know
 * leaves its outputs unknown rather than guessed.
 */
import type { Dim, Dims } from '../common/tensor-shape.js';
import { constantValues } from '../onnx/tensor.js';
import type { OnnxNode } from '../onnx/model.js';
import type { Graph } from './graph.js';
import { ASSUMED_SIZE, int, ints, recordedSize, reduceAxes, windowSide } from './shapes.js';

const UNKNOWN = '?';

const UNARY = new Set([
  'Relu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'LeakyRelu',
  'Elu',
  'Selu',
  'Gelu',
  'Mish',
  'Softplus',
  'Tanh',
  'Erf',
  'Exp',
  'Log',
  'Sqrt',
  'Neg',
  'Abs',
  'Reciprocal',
  'Clip',
  'Identity',
  'Dropout',
  'Cast',
  'BatchNormalization',
  'InstanceNormalization',
  'LayerNormalization',
  'Softmax',
  'LogSoftmax',
]);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Sum', 'Max', 'Min', 'Mean', 'Where', 'PRelu']);
const WINDOW = new Set(['Conv', 'MaxPool', 'AveragePool', 'LpPool']);
const GLOBAL_POOLS = new Set(['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool']);

const known = (d: Dim | undefined): d is number => typeof d === 'number';

/** Product of dims, or undefined when one is symbolic. */
function product(dims: readonly Dim[]): number | undefined {
  let p = 1;
  for (const d of dims) {
    if (!known(d)) return undefined;
    p *= d;
  }
  return p;
}

function axis(a: number, rank: number): number {
  return a < 0 ? a + rank : a;
}

/** NumPy broadcasting of several shapes (a symbol meets 1 → the symbol; two symbols → the first). */
function broadcast(shapes: readonly Dims[]): Dims {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dims = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i];
      if (v === undefined || v === 1) continue;
      if (d === 1 || (!known(d) && known(v))) d = v;
    }
    out.push(d);
  }
  return out;
}

export interface TensorDims {
  /** Shape of every tensor the pass could follow (activations and small shape values). */
  dims: Map<string, Dims>;
}

/** Shapes of the model's tensors; `input` overrides the graph input's declared shape (tests, other sizes). */
export function inferDims(g: Graph, input?: Dims): TensorDims {
  const dims = new Map<string, Dims>();
  /** Values of small integer tensors (shape arithmetic), dims kept symbolic. */
  const values = new Map<string, Dim[]>();
  const [assumedH, assumedW] = recordedSize(g) ?? [ASSUMED_SIZE, ASSUMED_SIZE];
  for (const i of g.model.inputs) {
    if (!i.shape) continue;
    const s = input && i.shape.length === input.length ? input : i.shape;
    dims.set(
      i.name,
      s.map((d, k) => {
        if (known(d) && d > 0) return d;
        if (k === 0) return 'N';
        if (s.length === 4 && k === 2) return assumedH;
        if (s.length === 4 && k === 3) return assumedW;
        return UNKNOWN;
      }),
    );
  }
  const shapeOf = (t: string | undefined): Dims | undefined => {
    if (!t) return undefined;
    const d = dims.get(t);
    if (d) return d;
    const w = g.weight(t);
    return w ? [...w.dims] : undefined;
  };
  const valueOf = (t: string | undefined): Dim[] | undefined => {
    if (!t) return undefined;
    return values.get(t) ?? constantValues(g.model, g.producers, t);
  };

  for (const n of g.nodes) {
    const outs = outputDims(n, g, shapeOf, valueOf);
    outs.forEach((d, i) => {
      const name = n.outputs[i];
      if (name && d) dims.set(name, d);
    });
    const v = outputValue(n, shapeOf, valueOf);
    if (v && n.outputs[0]) {
      values.set(n.outputs[0], v);
      if (!dims.has(n.outputs[0])) dims.set(n.outputs[0], [v.length]);
    }
  }
  return { dims };
}

type ShapeOf = (t: string | undefined) => Dims | undefined;
type ValueOf = (t: string | undefined) => Dim[] | undefined;

/** The value of a shape-arithmetic op's output, when its inputs' values are known. */
function outputValue(n: OnnxNode, shapeOf: ShapeOf, valueOf: ValueOf): Dim[] | undefined {
  const a = valueOf(n.inputs[0]);
  switch (n.opType) {
    case 'Shape': {
      const s = shapeOf(n.inputs[0]);
      if (!s) return undefined;
      const start = axis(int(n, 'start', 0), s.length);
      const end = n.attrs.has('end') ? axis(int(n, 'end', s.length), s.length) : s.length;
      return s.slice(start, end);
    }
    case 'Gather': {
      const idx = valueOf(n.inputs[1]);
      if (!a || !idx || int(n, 'axis', 0) !== 0) return undefined;
      const picked = idx.map((i) => (known(i) ? a[axis(i, a.length)] : undefined));
      return picked.every((x) => x !== undefined) ? (picked as Dim[]) : undefined;
    }
    case 'Unsqueeze':
    case 'Squeeze':
    case 'Cast':
    case 'Identity':
    case 'Floor':
    case 'Ceil':
      return a;
    case 'Concat': {
      const parts = n.inputs.map((t) => valueOf(t));
      return parts.every((p) => p !== undefined) ? parts.flat() : undefined;
    }
    case 'Div':
    case 'Mul':
    case 'Add':
    case 'Sub': {
      const b = valueOf(n.inputs[1]);
      if (!a || !b || (a.length !== b.length && b.length !== 1 && a.length !== 1)) return undefined;
      const len = Math.max(a.length, b.length);
      return Array.from({ length: len }, (_, i) => {
        const x = a[a.length === 1 ? 0 : i]!;
        const y = b[b.length === 1 ? 0 : i]!;
        if (!known(x) || !known(y)) return UNKNOWN;
        if (n.opType === 'Div') return Math.trunc(x / y);
        return n.opType === 'Mul' ? x * y : n.opType === 'Add' ? x + y : x - y;
      });
    }
    default:
      return undefined;
  }
}

/** Output shapes of one op, in the order of its outputs (undefined where unknown). */
function outputDims(n: OnnxNode, g: Graph, shapeOf: ShapeOf, valueOf: ValueOf): (Dims | undefined)[] {
  const x = shapeOf(n.inputs[0]);
  const op = n.opType;
  if (UNARY.has(op)) return [x];
  if (BROADCAST.has(op)) {
    const all = n.inputs.filter((t) => t !== '').map(shapeOf);
    return all.every((s): s is Dims => s !== undefined) ? [broadcast(all)] : [undefined];
  }
  if (!x) return [];
  if (WINDOW.has(op)) return [windowDims(g, n, x)];
  if (GLOBAL_POOLS.has(op)) return [[...x.slice(0, 2), ...x.slice(2).map(() => 1)]];
  if (op.startsWith('Reduce')) {
    const axes = (reduceAxes(g, n) ?? x.map((_, i) => i)).map((a) => axis(a, x.length));
    const keep = int(n, 'keepdims', 1) === 1;
    return [x.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]))];
  }
  switch (op) {
    case 'Flatten': {
      const at = axis(int(n, 'axis', 1), x.length);
      return [[product(x.slice(0, at)) ?? (at === 1 ? x[0]! : UNKNOWN), product(x.slice(at)) ?? UNKNOWN]];
    }
    case 'Gemm': {
      const b = shapeOf(n.inputs[1]);
      if (!b || x.length !== 2 || b.length !== 2) return [undefined];
      const m = int(n, 'transA', 0) ? x[1]! : x[0]!;
      return [[m, int(n, 'transB', 0) ? b[0]! : b[1]!]];
    }
    case 'MatMul': {
      const b = shapeOf(n.inputs[1]);
      if (!b || x.length < 2 || b.length < 2) return [undefined];
      const batch = broadcast([x.slice(0, -2), b.slice(0, -2)]);
      return [[...batch, x.at(-2)!, b.at(-1)!]];
    }
    case 'Reshape':
      return [reshape(x, valueOf(n.inputs[1]), int(n, 'allowzero', 0) === 1)];
    case 'Transpose': {
      const perm = ints(n, 'perm') ?? x.map((_, i) => x.length - 1 - i);
      return [perm.map((p) => x[p] ?? UNKNOWN)];
    }
    case 'Concat': {
      const all = n.inputs.map(shapeOf);
      if (!all.every((s): s is Dims => s !== undefined)) return [undefined];
      const at = axis(int(n, 'axis', 0), x.length);
      const sum = all.reduce<Dim>((s, d) => (known(s) && known(d[at]) ? s + d[at] : UNKNOWN), 0);
      return [x.map((d, i) => (i === at ? sum : d))];
    }
    case 'Split':
      return splitDims(n, x, valueOf);
    case 'Unsqueeze': {
      const axes = ints(n, 'axes') ?? valueOf(n.inputs[1])?.filter(known);
      if (!axes) return [undefined];
      const rank = x.length + axes.length;
      const at = new Set(axes.map((a) => axis(a, rank)));
      const out: Dims = [];
      let j = 0;
      for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : (x[j++] ?? UNKNOWN));
      return [out];
    }
    case 'Squeeze': {
      const axes = ints(n, 'axes') ?? valueOf(n.inputs[1])?.filter(known);
      const at = new Set((axes ?? x.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => axis(a, x.length)));
      return [x.filter((_, i) => !at.has(i))];
    }
    case 'Pad': {
      const pads = ints(n, 'pads') ?? valueOf(n.inputs[1])?.filter(known);
      if (!pads || pads.length !== 2 * x.length) return [undefined];
      return [x.map((d, i) => (known(d) ? d + pads[i]! + pads[i + x.length]! : d))];
    }
    default:
      return [];
  }
}

function windowDims(g: Graph, n: OnnxNode, x: Dims): Dims | undefined {
  if (x.length !== 4) return undefined;
  const out = windowSide(g, n);
  if (!out) return undefined;
  const side = (i: 0 | 1): Dim => {
    const v = x[2 + i];
    return known(v) ? out(v, i) : UNKNOWN;
  };
  const channels = n.opType === 'Conv' ? (g.weight(n.inputs[1])?.dims[0] ?? UNKNOWN) : x[1]!;
  return [x[0]!, channels, side(0), side(1)];
}

/** Reshape's target: `0` copies the input dim (unless allowzero), one `-1` takes what is left. */
function reshape(x: Dims, target: Dim[] | undefined, allowZero: boolean): Dims | undefined {
  if (!target) return undefined;
  const out = target.map((d, i) => (d === 0 && !allowZero ? (x[i] ?? UNKNOWN) : d));
  const free = out.findIndex((d) => d === -1);
  if (free >= 0) {
    const total = product(x);
    const rest = product(out.filter((_, i) => i !== free));
    // With a symbolic batch on both sides, the batch cancels out.
    const sameBatch = !known(x[0]) && x[0] === out[0] && free !== 0;
    const totalKnown = total ?? (sameBatch ? product(x.slice(1)) : undefined);
    const restKnown = rest ?? (sameBatch ? product(out.slice(1).filter((_, i) => i + 1 !== free)) : undefined);
    out[free] = totalKnown !== undefined && restKnown ? totalKnown / restKnown : UNKNOWN;
  }
  return out;
}

function splitDims(n: OnnxNode, x: Dims, valueOf: ValueOf): (Dims | undefined)[] {
  const at = axis(int(n, 'axis', 0), x.length);
  const whole = x[at];
  const sizes = ints(n, 'split') ?? valueOf(n.inputs[1])?.filter(known);
  // Without sizes, equal parts (no array of `num_outputs` entries: a hostile file may say 1e9).
  const parts = int(n, 'num_outputs', n.outputs.length);
  const equal = known(whole) && parts > 0 ? whole / parts : undefined;
  return n.outputs.map((_, i) => {
    const size = sizes ? sizes[i] : equal;
    return size === undefined ? undefined : x.map((d, j) => (j === at ? size : d));
  });
}
