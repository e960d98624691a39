/**
 * The ONNX ops behind one block (or the stem/head), in graph order, with a short attribute summary
 * (`3x3 64→128 /2 g=32 d=2`), the shapes of their tensors (`tensor-dims.ts`) and of the weights
 * they read — what the diagram shows when a block is expanded and what the op panel lists.
 */
import type { Analysis, OpNode } from '../common/model.js';
import { UserError } from '../common/errors.js';
import type { Dims } from '../common/tensor-shape.js';
import type { OnnxModel, OnnxNode, OnnxTensor } from '../onnx/model.js';
import { constantValues, isFloating } from '../onnx/tensor.js';
import { Graph } from './graph.js';
import { groupOf, ints, kernelOf, reduceAxes } from './shapes.js';
import { inferDims } from './tensor-dims.js';

/** One Graph index per model: expanding every block of a ResNeSt-269e must not rebuild it 89 times. */
interface Index {
  g: Graph;
  order: Map<string, number>;
  dims: Map<string, Dims>;
}
const indexes = new WeakMap<OnnxModel, Index>();

function indexOf(model: OnnxModel): Index {
  let ix = indexes.get(model);
  if (!ix) {
    const g = new Graph(model);
    ix = { g, order: new Map(model.nodes.map((n, i) => [n.name, i])), dims: inferDims(g).dims };
    indexes.set(model, ix);
  }
  return ix;
}

export function blockOps(model: OnnxModel, analysis: Analysis, blockName: string): OpNode[] {
  const wanted =
    blockName === 'stem'
      ? analysis.stem.nodes
      : blockName === 'head'
        ? analysis.head.nodes
        : analysis.stages.flatMap((s) => s.blocks).find((b) => b.name === blockName)?.nodes;
  if (!wanted) throw new UserError(`no block named ${blockName} (try stem, head or layer1.0)`);
  const { g, order, dims } = indexOf(model);
  const positions = wanted.map((name) => order.get(name)).filter((i): i is number => i !== undefined);
  return [...new Set(positions)]
    .sort((a, b) => a - b)
    .map((i) => {
      const n = model.nodes[i]!;
      const inputs = [...g.dataInputs(n)];
      const op: OpNode = { name: n.name, opType: n.opType, inputs, outputs: [...n.outputs] };
      const detail = describe(g, n);
      if (detail) op.detail = detail;
      op.inputDims = inputs.map((t) => dims.get(t) ?? null);
      op.outputDims = n.outputs.map((t) => dims.get(t) ?? null);
      const weights = opWeights(g, n);
      if (weights.length) op.weights = weights.map((w) => ({ name: w.name, dims: [...w.dims] }));
      return op;
    });
}

/** The initializers an op reads (through Identity aliases), in input order: its weight and bias. */
export function opWeights(g: Graph, n: OnnxNode): OnnxTensor[] {
  const data = new Set(g.dataInputs(n));
  return n.inputs.flatMap((t) => {
    if (!t || data.has(t)) return [];
    const w = g.weight(t);
    // Small integer constants (axes, shapes) are arguments, not weights.
    return w && isFloating(w.dataType) && w.dims.length > 0 ? [w] : [];
  });
}

/** The weight tensors of the op with this ONNX node name (a UserError when the graph has no such op). */
export function opWeightTensors(model: OnnxModel, opName: string): OnnxTensor[] {
  const { g, order } = indexOf(model);
  const i = order.get(opName);
  if (i === undefined) throw new UserError(`no op named ${opName} in this model`);
  return opWeights(g, model.nodes[i]!);
}

function describe(g: Graph, n: OnnxNode): string | undefined {
  const parts: string[] = [];
  const w = g.weight(n.inputs[1]);
  switch (n.opType) {
    case 'Conv': {
      const k = kernelOf(g, n);
      const group = groupOf(n);
      parts.push(k.join('x'));
      if (w) parts.push(`${(w.dims[1] ?? 0) * group}→${w.dims[0]}`);
      pushWindow(n, parts);
      if (group > 1) parts.push(`g=${group}`);
      break;
    }
    case 'MaxPool':
    case 'AveragePool':
      parts.push(kernelOf(g, n).join('x'));
      pushWindow(n, parts);
      break;
    case 'Gemm':
      if (w) parts.push(n.attrs.get('transB') === 1 ? `${w.dims[1]}→${w.dims[0]}` : `${w.dims[0]}→${w.dims[1]}`);
      break;
    case 'MatMul':
      if (w) parts.push(`${w.dims.at(-2)}→${w.dims.at(-1)}`);
      break;
    case 'Softmax':
    case 'Concat':
    case 'Split':
    case 'Flatten':
      if (n.attrs.has('axis')) parts.push(`axis=${n.attrs.get('axis') as number}`);
      break;
    case 'Transpose':
      parts.push(`perm=${(ints(n, 'perm') ?? []).join(',')}`);
      break;
    case 'Reshape': {
      const shape = constantValues(g.model, g.producers, n.inputs[1]);
      if (shape) parts.push(`[${shape.join(',')}]`);
      break;
    }
    default:
      if (n.opType.startsWith('Reduce')) {
        const axes = reduceAxes(g, n);
        if (axes) parts.push(`axes=${axes.join(',')}`);
      }
  }
  return parts.length ? parts.join(' ') : undefined;
}

function pushWindow(n: OnnxNode, parts: string[]): void {
  const s = ints(n, 'strides')?.[0] ?? 1;
  const d = ints(n, 'dilations')?.[0] ?? 1;
  if (s > 1) parts.push(`/${s}`);
  if (d > 1) parts.push(`d=${d}`);
}
