/**
 * Residual blocks as ONNX subgraphs with timm's module paths: BasicBlock / Bottleneck
 * (`models/resnet.py`, He et al. 2016; ResNeXt grouped 3x3, Xie et al. 2017), SelectiveKernelBasic /
 * SelectiveKernelBottleneck (`models/sknet.py`) and ResNestBottleneck (`models/resnest.py`).
 * One function per block kind; attention and downsample are slots.
 */
import type { GraphBuilder } from './graph-builder.js';
import { efficientChannelAttention, selectiveKernel, splitAttention, squeezeExcite } from './attention-modules.js';
import { convOut } from './timm-math.js';
import { expansion, groupedWidth, type ResNetSpec } from './spec.js';

export interface BlockIn {
  /** timm module path, e.g. `layer2.0`. */
  path: string;
  x: string;
  inC: number;
  planes: number;
  stride: number;
  hw: number;
  downsample: boolean;
  /** Random-init gamma of the last BN of the residual branch (keeps deep nets from exploding). */
  lastGamma: number;
}

export interface BlockOut {
  y: string;
  outC: number;
  hw: number;
}

type Ctx = { g: GraphBuilder; spec: ResNetSpec };

function attention({ g, spec }: Ctx, path: string, x: string, c: number): string {
  if (spec.attention === 'se') return squeezeExcite(g, `${path}.se`, x, c);
  if (spec.attention === 'eca') return efficientChannelAttention(g, `${path}.se`, x, c);
  return x;
}

/** timm `downsample_conv` (1x1 conv stride s + BN) or `downsample_avg` (avg-pool 2x2 ceil + 1x1 + BN). */
function shortcut({ g, spec }: Ctx, b: BlockIn, outC: number): string {
  if (!b.downsample) return b.x;
  const ds = `${b.path}.downsample`;
  if (!spec.avgDown)
    return g.conv(`${ds}.0`, b.x, { inC: b.inC, outC, k: 1, stride: b.stride, bn: `${ds}.1`, gain: 1 });
  const pooled =
    b.stride === 1
      ? b.x
      : g.op(`${ds}.0`, 'AveragePool', [b.x], {
          ceil_mode: 1,
          count_include_pad: 0,
          kernel_shape: [2, 2],
          pads: [0, 0, 0, 0],
          strides: [b.stride, b.stride],
        });
  return g.conv(`${ds}.1`, pooled, { inC: b.inC, outC, k: 1, bn: `${ds}.2`, gain: 1 });
}

function residual(ctx: Ctx, b: BlockIn, main: string, outC: number, act: string): string {
  const sc = shortcut(ctx, b, outC);
  const sum = ctx.g.op(b.path, 'Add', [main, sc]);
  return ctx.g.op(`${b.path}.${act}`, 'Relu', [sum]);
}

function basic(ctx: Ctx, b: BlockIn): BlockOut {
  const { g } = ctx;
  const p = b.path;
  const outC = b.planes;
  let y = g.conv(`${p}.conv1`, b.x, { inC: b.inC, outC: b.planes, k: 3, stride: b.stride, pad: 1, bn: `${p}.bn1` });
  y = g.op(`${p}.act1`, 'Relu', [y]);
  y = g.conv(`${p}.conv2`, y, { inC: b.planes, outC, k: 3, pad: 1, bn: `${p}.bn2`, bnGamma: b.lastGamma });
  y = attention(ctx, p, y, outC);
  return { y: residual(ctx, b, y, outC, 'act2'), outC, hw: convOut(b.hw, 3, b.stride, 1) };
}

function bottleneck(ctx: Ctx, b: BlockIn): BlockOut {
  const { g, spec } = ctx;
  const p = b.path;
  const w = groupedWidth(spec, b.planes);
  const outC = b.planes * 4;
  let y = g.conv(`${p}.conv1`, b.x, { inC: b.inC, outC: w, k: 1, bn: `${p}.bn1` });
  y = g.op(`${p}.act1`, 'Relu', [y]);
  y = g.conv(`${p}.conv2`, y, {
    inC: w,
    outC: w,
    k: 3,
    stride: b.stride,
    pad: 1,
    groups: spec.cardinality,
    bn: `${p}.bn2`,
  });
  y = g.op(`${p}.act2`, 'Relu', [y]);
  y = g.conv(`${p}.conv3`, y, { inC: w, outC, k: 1, bn: `${p}.bn3`, bnGamma: b.lastGamma });
  y = attention(ctx, p, y, outC);
  return { y: residual(ctx, b, y, outC, 'act3'), outC, hw: convOut(b.hw, 3, b.stride, 1) };
}

function skBasic(ctx: Ctx, b: BlockIn): BlockOut {
  const { g, spec } = ctx;
  const p = b.path;
  const outC = b.planes;
  const sk = selectiveKernel(
    g,
    `${p}.conv1`,
    b.x,
    { inC: b.inC, outC: b.planes, stride: b.stride, groups: 1, hw: b.hw },
    spec.sk,
  );
  let y = g.conv(`${p}.conv2.conv`, sk.y, {
    inC: b.planes,
    outC,
    k: 3,
    pad: 1,
    bn: `${p}.conv2.bn`,
    bnGamma: b.lastGamma,
  });
  y = attention(ctx, p, y, outC);
  return { y: residual(ctx, b, y, outC, 'act'), outC, hw: sk.hw };
}

function skBottleneck(ctx: Ctx, b: BlockIn): BlockOut {
  const { g, spec } = ctx;
  const p = b.path;
  const w = groupedWidth(spec, b.planes);
  const outC = b.planes * 4;
  let y = g.conv(`${p}.conv1.conv`, b.x, { inC: b.inC, outC: w, k: 1, bn: `${p}.conv1.bn` });
  y = g.op(`${p}.conv1.bn.act`, 'Relu', [y]);
  const sk = selectiveKernel(
    g,
    `${p}.conv2`,
    y,
    { inC: w, outC: w, stride: b.stride, groups: spec.cardinality, hw: b.hw },
    spec.sk,
  );
  y = g.conv(`${p}.conv3.conv`, sk.y, { inC: w, outC, k: 1, bn: `${p}.conv3.bn`, bnGamma: b.lastGamma });
  y = attention(ctx, p, y, outC);
  return { y: residual(ctx, b, y, outC, 'act'), outC, hw: sk.hw };
}

function resnestBottleneck(ctx: Ctx, b: BlockIn): BlockOut {
  const { g, spec } = ctx;
  const p = b.path;
  const w = groupedWidth(spec, b.planes);
  const outC = b.planes * 4;
  // avd: a 3x3 avg-pool takes the stride of strided blocks, before or after the split conv.
  const avdStride = spec.avd && b.stride > 1 ? b.stride : 0;
  const convStride = avdStride ? 1 : b.stride;
  const avdPool = (scope: string, x: string): string =>
    g.op(scope, 'AveragePool', [x], {
      ceil_mode: 0,
      count_include_pad: 1,
      kernel_shape: [3, 3],
      pads: [1, 1, 1, 1],
      strides: [avdStride, avdStride],
    });
  let hw = b.hw;
  let y = g.conv(`${p}.conv1`, b.x, { inC: b.inC, outC: w, k: 1, bn: `${p}.bn1` });
  y = g.op(`${p}.act1`, 'Relu', [y]);
  if (avdStride && spec.avdFirst) {
    y = avdPool(`${p}.avd_first`, y);
    hw = convOut(hw, 3, avdStride, 1);
  }
  if (spec.radix >= 1) {
    const sa = splitAttention(g, `${p}.conv2`, y, {
      inC: w,
      outC: w,
      stride: convStride,
      groups: spec.cardinality,
      hw,
      radix: spec.radix,
    });
    y = sa.y;
    hw = sa.hw;
  } else {
    y = g.conv(`${p}.conv2`, y, {
      inC: w,
      outC: w,
      k: 3,
      stride: convStride,
      pad: 1,
      groups: spec.cardinality,
      bn: `${p}.bn2`,
    });
    y = g.op(`${p}.act2`, 'Relu', [y]);
    hw = convOut(hw, 3, convStride, 1);
  }
  if (avdStride && !spec.avdFirst) {
    y = avdPool(`${p}.avd_last`, y);
    hw = convOut(hw, 3, avdStride, 1);
  }
  y = g.conv(`${p}.conv3`, y, { inC: w, outC, k: 1, bn: `${p}.bn3`, bnGamma: b.lastGamma });
  return { y: residual(ctx, b, y, outC, 'act3'), outC, hw };
}

const BLOCKS = {
  basic,
  bottleneck,
  sk_basic: skBasic,
  sk_bottleneck: skBottleneck,
  resnest_bottleneck: resnestBottleneck,
};

export function emitBlock(g: GraphBuilder, spec: ResNetSpec, b: BlockIn): BlockOut {
  const out = BLOCKS[spec.block]({ g, spec }, b);
  if (out.outC !== b.planes * expansion(spec.block))
    throw new Error(`internal: ${b.path} has ${out.outC} output channels`);
  return out;
}
