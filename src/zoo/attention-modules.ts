/**
 * Attention modules as ONNX subgraphs, op for op as timm v1.0.28 computes them:
 * SE (`layers/squeeze_excite.py` SEModule, Hu et al. 2018), ECA (`layers/eca.py`, Wang et al. 2020),
 * Selective Kernel (`layers/selective_kernel.py`, Li et al. 2019) and Split Attention
 * (`layers/split_attn.py`, Zhang et al. 2020). Each exposes its attention tensor as `attn:<module path>`.
 */
import type { GraphBuilder } from './graph-builder.js';
import type { SkOptions } from './spec.js';
import { convOut, makeDivisible, splitAttnChannels } from './timm-math.js';

export const attnTensor = (path: string): string => `attn:${path}`;

/** SEModule: mean → fc1 → ReLU → fc2 → gate (sigmoid) → x * gate. Gate output [B, C, 1, 1]. */
export function squeezeExcite(g: GraphBuilder, path: string, x: string, c: number): string {
  const rd = makeDivisible(c / 16, 8, undefined, 0);
  let s = g.op(path, 'ReduceMean', [x], { axes: [2, 3], keepdims: 1 });
  s = g.conv(`${path}.fc1`, s, { inC: c, outC: rd, k: 1, bias: true });
  s = g.op(`${path}.act`, 'Relu', [s]);
  s = g.conv(`${path}.fc2`, s, { inC: rd, outC: c, k: 1, bias: true, gain: 1 });
  const gate = g.op(`${path}.gate`, 'Sigmoid', [s], {}, attnTensor(`${path}.gate`));
  g.output(gate, ['batch', c, 1, 1]);
  return g.op(path, 'Mul', [x, gate]);
}

/** EcaModule: mean → 1-D conv over channels → gate (sigmoid) → x * gate. Gate output [B, 1, C]. */
export function efficientChannelAttention(g: GraphBuilder, path: string, x: string, c: number): string {
  const t = Math.trunc(Math.abs(Math.log2(c) + 1) / 2);
  const k = Math.max(t % 2 ? t : t + 1, 3);
  let s = g.op(path, 'ReduceMean', [x], { axes: [2, 3], keepdims: 0 });
  s = g.op(path, 'Reshape', [s, g.constInts(path, [0, 1, -1])]);
  const w = g.plain({ key: `${path}.conv.weight`, shape: [1, 1, k], role: 'weight', fanIn: k, gain: 1 });
  const p = (k - 1) / 2;
  s = g.op(`${path}.conv`, 'Conv', [s, w], { dilations: [1], group: 1, kernel_shape: [k], pads: [p, p], strides: [1] });
  const gate = g.op(`${path}.gate`, 'Sigmoid', [s], {}, attnTensor(`${path}.gate`));
  g.output(gate, ['batch', 1, c]);
  const g4 = g.op(path, 'Reshape', [gate, g.constInts(path, [0, -1, 1, 1])]);
  return g.op(path, 'Mul', [x, g4]);
}

export interface ConvArgs {
  inC: number;
  outC: number;
  stride: number;
  groups: number;
  hw: number;
}

/**
 * SelectiveKernel: one conv-BN-ReLU per path (3x3, 3x3 dilated...), stacked to [B, P, C, H, W];
 * attention sums paths → mean → fc_reduce → BN → ReLU → fc_select → softmax over paths
 * ([B, P, C, 1, 1]); output = sum over paths of path * weight.
 */
export function selectiveKernel(
  g: GraphBuilder,
  path: string,
  x: string,
  a: ConvArgs,
  sk: SkOptions,
): { y: string; hw: number } {
  const kernels = sk.keep3x3 ? sk.kernelSizes.map(() => 3) : sk.kernelSizes;
  const dilations = sk.keep3x3 ? sk.kernelSizes.map((k) => (k - 1) / 2) : sk.kernelSizes.map(() => 1);
  const paths = kernels.length;
  const inPer = sk.splitInput ? a.inC / paths : a.inC;
  const groups = Math.min(a.outC, a.groups);
  const inputs = sk.splitInput
    ? g.opN(path, 'Split', [x, g.constInts(path, Array(paths).fill(inPer))], { axis: 1 }, paths)
    : Array<string>(paths).fill(x);
  let hw = a.hw;
  const outs = kernels.map((k, i) => {
    const d = dilations[i]!;
    const pad = Math.floor((a.stride - 1 + d * (k - 1)) / 2);
    hw = convOut(a.hw, k, a.stride, pad, d);
    const y = g.conv(`${path}.paths.${i}.conv`, inputs[i]!, {
      inC: inPer,
      outC: a.outC,
      k,
      stride: a.stride,
      pad,
      dilation: d,
      groups,
      bn: `${path}.paths.${i}.bn`,
    });
    return g.op(`${path}.paths.${i}.bn.act`, 'Relu', [y]);
  });
  const axis1 = g.constInts(path, [1]);
  const stacked = g.op(
    path,
    'Concat',
    outs.map((o) => g.op(path, 'Unsqueeze', [o, axis1])),
    { axis: 1 },
  );

  const attn = `${path}.attn`;
  const rd = sk.rdChannels ?? makeDivisible(a.outC * sk.rdRatio, sk.rdDivisor);
  let s = g.op(attn, 'ReduceSum', [stacked, g.constInts(attn, [1])], { keepdims: 0 });
  s = g.op(attn, 'ReduceMean', [s], { axes: [2, 3], keepdims: 1 });
  s = g.conv(`${attn}.fc_reduce`, s, { inC: a.outC, outC: rd, k: 1, bn: `${attn}.bn` });
  s = g.op(`${attn}.act`, 'Relu', [s]);
  s = g.conv(`${attn}.fc_select`, s, { inC: rd, outC: a.outC * paths, k: 1, gain: 1 });
  s = g.op(attn, 'Reshape', [s, g.constInts(attn, [0, paths, a.outC, 1, 1])]);
  const weights = g.op(attn, 'Softmax', [s], { axis: 1 }, attnTensor(attn));
  g.output(weights, ['batch', paths, a.outC, 1, 1]);
  const weighted = g.op(path, 'Mul', [stacked, weights]);
  return { y: g.op(path, 'ReduceSum', [weighted, axis1], { keepdims: 0 }), hw };
}

/**
 * SplitAttn (ResNeSt "splat"): grouped conv (groups K·R) → BN → ReLU giving R splits of C channels;
 * sum splits → mean → fc1 (groups K) → BN → ReLU → fc2 (groups K) → rSoftmax: [B,K,R,C/K] →
 * transpose → softmax over R → flat [B, R·C] (R = 1: sigmoid, [B, C, 1, 1]); output = Σ_r split_r · a_r.
 */
export function splitAttention(
  g: GraphBuilder,
  path: string,
  x: string,
  a: ConvArgs & { radix: number },
): { y: string; hw: number } {
  const { inC, outC: c, radix: r, groups: k } = a;
  const hw = convOut(a.hw, 3, a.stride, 1);
  let y = g.conv(`${path}.conv`, x, {
    inC,
    outC: c * r,
    k: 3,
    stride: a.stride,
    pad: 1,
    groups: k * r,
    bn: `${path}.bn0`,
  });
  y = g.op(`${path}.act0`, 'Relu', [y]);
  const attnChs = splitAttnChannels(inC, r);
  let splits = y;
  let s: string;
  if (r > 1) {
    // [B, R·C, H, W] → [B, R, C, H, W] with H and W read from the tensor: any input size works.
    const h = g.op(path, 'Shape', [y], { start: 2, end: 3 });
    const w = g.op(path, 'Shape', [y], { start: 3, end: 4 });
    const dims = [g.constInts(path, [0]), g.constInts(path, [r]), g.constInts(path, [c]), h, w];
    splits = g.op(path, 'Reshape', [y, g.op(path, 'Concat', dims, { axis: 0 })]);
    s = g.op(path, 'ReduceSum', [splits, g.constInts(path, [1])], { keepdims: 0 });
    s = g.op(path, 'ReduceMean', [s], { axes: [2, 3], keepdims: 1 });
  } else {
    s = g.op(path, 'ReduceMean', [y], { axes: [2, 3], keepdims: 1 });
  }
  s = g.conv(`${path}.fc1`, s, { inC: c, outC: attnChs, k: 1, groups: k, bias: true, bn: `${path}.bn1` });
  s = g.op(`${path}.act1`, 'Relu', [s]);
  s = g.conv(`${path}.fc2`, s, { inC: attnChs, outC: c * r, k: 1, groups: k, bias: true, gain: 1 });
  const rs = `${path}.rsoftmax`;
  let weights: string;
  if (r > 1) {
    s = g.op(rs, 'Reshape', [s, g.constInts(rs, [0, k, r, -1])]);
    s = g.op(rs, 'Transpose', [s], { perm: [0, 2, 1, 3] });
    s = g.op(rs, 'Softmax', [s], { axis: 1 });
    weights = g.op(rs, 'Reshape', [s, g.constInts(rs, [0, -1])], {}, attnTensor(rs));
    g.output(weights, ['batch', r * c]);
  } else {
    weights = g.op(rs, 'Sigmoid', [s], {}, attnTensor(rs));
    g.output(weights, ['batch', c, 1, 1]);
  }
  let w4 = g.op(path, 'Reshape', [weights, g.constInts(path, [0, -1, 1, 1])]);
  if (r > 1) {
    w4 = g.op(path, 'Reshape', [w4, g.constInts(path, [0, r, c, 1, 1])]);
    const weighted = g.op(path, 'Mul', [splits, w4]);
    return { y: g.op(path, 'ReduceSum', [weighted, g.constInts(path, [1])], { keepdims: 0 }), hw };
  }
  return { y: g.op(path, 'Mul', [y, w4]), hw };
}
