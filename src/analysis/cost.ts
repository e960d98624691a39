/**
 * Model size and compute: parameters (elements of floating-point initializers, i.e. the weights as
 * exported — BatchNorm folded into convs by the exporter counts as conv bias) and multiply-
 * accumulates of Conv and Gemm/MatMul at the declared input size, batch 1.
 */
import { isFloating, numel } from '../onnx/tensor.js';
import type { OnnxTensor } from '../onnx/model.js';
import type { Graph } from './graph.js';
import { kernelOf, type Shapes } from './shapes.js';

export function countParams(g: Graph): number {
  // BatchNorm running statistics are buffers, not parameters (as in PyTorch's count).
  const buffers = new Set<string>();
  for (const n of g.nodes) if (n.opType === 'BatchNormalization') for (const t of n.inputs.slice(3, 5)) buffers.add(t);
  // Rank-0 tensors are arithmetic constants (`x + 0`), not parameters.
  const isParam = (t: OnnxTensor) => isFloating(t.dataType) && t.dims.length > 0 && !buffers.has(t.name);
  let total = 0;
  for (const t of g.model.initializers.values()) {
    if (isParam(t)) total += numel(t.dims);
  }
  // Weights some exporters keep in Constant nodes.
  for (const t of g.constants.values()) if (isParam(t)) total += numel(t.dims);
  // The TorchScript exporter stores identical tensors once and aliases them with Identity nodes:
  // each alias is a parameter of its own in the model.
  for (const n of g.nodes) {
    if (n.opType !== 'Identity' || g.data[n.index] || buffers.has(n.outputs[0]!)) continue;
    const t = g.model.initializers.get(n.inputs[0] ?? '') ?? g.constants.get(n.inputs[0] ?? '');
    if (t && isParam(t)) total += numel(t.dims);
  }
  return total;
}

export function countMacs(g: Graph, shapes: Shapes): number {
  let total = 0;
  for (const n of g.nodes) {
    if (!g.data[n.index]) continue;
    const w = g.weight(n.inputs[1]);
    if (!w) continue;
    if (n.opType === 'Conv') {
      const hw = shapes.hw.get(n.outputs[0]!);
      const spatial = hw ? hw[0] * hw[1] : 1;
      const k = numel(kernelOf(g, n));
      total += (w.dims[0] ?? 0) * (w.dims[1] ?? 0) * k * spatial;
    } else if (n.opType === 'Gemm' || n.opType === 'MatMul') {
      total += numel(w.dims);
    }
  }
  return total;
}
