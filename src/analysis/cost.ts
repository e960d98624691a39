/**
 * Model size and compute: parameters (elements of floating-point initializers, i.e. the weights as
 * exported — BatchNorm folded into convs by the exporter counts as conv bias) and multiply-
 * accumulates of Conv and Gemm/MatMul at the declared input size, batch 1.
 */
import { isFloating, numel } from '../onnx/tensor.js';
import type { Graph } from './graph.js';
import { kernelOf, type Shapes } from './shapes.js';

export function countParams(g: Graph): number {
  // BatchNorm running statistics are buffers, not parameters (as in PyTorch's count).
  const buffers = new Set<string>();
  for (const n of g.nodes) if (n.opType === 'BatchNormalization') for (const t of n.inputs.slice(3, 5)) buffers.add(t);
  let total = 0;
  for (const t of g.model.initializers.values()) {
    if (isFloating(t.dataType) && !buffers.has(t.name)) total += numel(t.dims);
  }
  // The TorchScript exporter stores identical tensors once and aliases them with Identity nodes:
  // each alias is a parameter of its own in the model.
  for (const n of g.nodes) {
    if (n.opType !== 'Identity' || g.data[n.index] || buffers.has(n.outputs[0]!)) continue;
    const t = g.model.initializers.get(n.inputs[0] ?? '');
    if (t && isFloating(t.dataType)) total += numel(t.dims);
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
