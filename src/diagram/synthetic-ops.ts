/**
 * Op lists shaped like timm's TorchScript ONNX export of a block (names `/layer2/layer2.0/conv2/
 * fc1/Conv`, Shape/Gather/Concat plumbing before each Reshape), generated from a Block. Used by
 * the layout benchmark when no real model can be built, and to exercise expansion in tests.
 */
import type { Analysis, Block, OpNode } from '../core/model.js';

export function syntheticOps(b: Block, input: string): OpNode[] {
  const stage = b.name.split('.')[0]!;
  const p = `/${stage}/${b.name}`;
  const ops: OpNode[] = [];
  let n = 0;
  const op = (path: string, opType: string, inputs: string[], detail?: string): string => {
    const out = `${p}/${path}_output_${n++}`;
    ops.push({ name: `${p}/${path}`, opType, inputs, outputs: [out], ...(detail ? { detail } : {}) });
    return out;
  };
  const w = (path: string): string => `${b.name}.${path}.weight`;
  const plumbing = (scope: string, x: string): string => {
    const shape = op(`${scope}/Shape`, 'Shape', [x]);
    const c0 = op(`${scope}/Constant`, 'Constant', []);
    const g = op(`${scope}/Gather`, 'Gather', [shape, c0]);
    const u = op(`${scope}/Unsqueeze`, 'Unsqueeze', [g, 'onnx::Unsqueeze_1']);
    return op(`${scope}/Concat`, 'Concat', [u, c0]);
  };
  const k = b.cardinality;
  let x = op('conv1/Conv', 'Conv', [input, w('conv1'), 'onnx::Conv_b1'], '1x1');
  x = op('act1/Relu', 'Relu', [x]);
  if (b.attention === 'splat') {
    const r = b.radix;
    let y = op('conv2/conv/Conv', 'Conv', [x, w('conv2.conv'), 'onnx::Conv_b2'], `3x3 g=${k * r}`);
    y = op('conv2/act0/Relu', 'Relu', [y]);
    const split = op('conv2/Reshape', 'Reshape', [y, plumbing('conv2', y)]);
    let a = op('conv2/ReduceSum', 'ReduceSum', [split, 'onnx::ReduceSum_1']);
    a = op('conv2/ReduceMean', 'ReduceMean', [a], 'axes 2,3');
    a = op('conv2/fc1/Conv', 'Conv', [a, w('conv2.fc1'), 'onnx::Conv_b3'], `1x1 g=${k}`);
    a = op('conv2/act1/Relu', 'Relu', [a]);
    a = op('conv2/fc2/Conv', 'Conv', [a, w('conv2.fc2'), 'onnx::Conv_b4'], `1x1 g=${k}`);
    a = op('conv2/rsoftmax/Reshape', 'Reshape', [a, plumbing('conv2/rsoftmax', a)]);
    a = op('conv2/rsoftmax/Transpose', 'Transpose', [a], 'perm 0,2,1,3');
    a = op('conv2/rsoftmax/Softmax', 'Softmax', [a], 'axis 1');
    a = op('conv2/rsoftmax/Reshape_1', 'Reshape', [a, plumbing('conv2/rsoftmax/r1', a)]);
    a = op('conv2/Reshape_1', 'Reshape', [a, plumbing('conv2/r1', a)]);
    const m = op('conv2/Mul', 'Mul', [split, a]);
    x = op('conv2/ReduceSum_1', 'ReduceSum', [m, 'onnx::ReduceSum_1']);
    if (b.stride > 1) x = op('avd_last/AveragePool', 'AveragePool', [x], '3x3 /2');
  } else {
    x = op('conv2/Conv', 'Conv', [x, w('conv2'), 'onnx::Conv_b2'], `3x3${b.stride > 1 ? ` /${b.stride}` : ''}${k > 1 ? ` g=${k}` : ''}`);
    x = op('act2/Relu', 'Relu', [x]);
  }
  x = op('conv3/Conv', 'Conv', [x, w('conv3'), 'onnx::Conv_b5'], '1x1');
  if (b.attention === 'se') {
    let s = op('se/ReduceMean', 'ReduceMean', [x], 'axes 2,3');
    s = op('se/fc1/Conv', 'Conv', [s, w('se.fc1'), 'onnx::Conv_b6'], '1x1');
    s = op('se/bn/Relu', 'Relu', [s]);
    s = op('se/fc2/Conv', 'Conv', [s, w('se.fc2'), 'onnx::Conv_b7'], '1x1');
    s = op('se/gate/Sigmoid', 'Sigmoid', [s]);
    x = op('se/Mul', 'Mul', [x, s]);
  }
  let sc = input;
  if (b.downsample) {
    if (b.stride > 1) sc = op('downsample/downsample.0/AveragePool', 'AveragePool', [sc], `2x2 /${b.stride}`);
    sc = op('downsample/downsample.1/Conv', 'Conv', [sc, w('downsample.1'), 'onnx::Conv_b8'], '1x1');
  }
  x = op('Add', 'Add', [x, sc]);
  op('act3/Relu', 'Relu', [x]);
  return ops;
}

/** `opsOf` for a whole analysis: each block reads the previous block's output. */
export function syntheticOpsOf(analysis: Analysis): (block: string) => OpNode[] {
  const byName = new Map<string, OpNode[]>();
  let prev = '/stem/maxpool/MaxPool_output_0';
  for (const b of analysis.stages.flatMap((s) => s.blocks)) {
    const ops = syntheticOps(b, prev);
    byName.set(b.name, ops);
    prev = ops.at(-1)!.outputs[0]!;
  }
  return (block) => byName.get(block) ?? [];
}
