/**
 * The playground's cost model: parameters (timm's count: conv/linear weights and biases, BatchNorm
 * weight and bias, no running statistics) and multiply-accumulates (Conv and Gemm at the spec's
 * input size, batch 1 — what src/analysis counts) of a spec, in closed form, block by block, and
 * where they go (stem, 1x1 reduce, 3x3, attention, 1x1 expand, shortcut, head). Independent of the
 * builder: tests check it against the ONNX the builder emits, for a grid of K, R and attention.
 */
import type { CostPart, VariantCost } from '../common/playground.js';
import { COST_PARTS } from '../common/playground.js';
import { expansion, groupedWidth, inputHW, type ResNetSpec } from '../zoo/index.js';
import { convOut, makeDivisible, splitAttnChannels } from '../zoo/timm-math.js';

type HW = [number, number];

class Tally {
  readonly parts = Object.fromEntries(COST_PARTS.map((p) => [p, { params: 0, macs: 0 }])) as VariantCost['parts'];
  readonly stages = [0, 1, 2, 3].map(() => ({ params: 0, macs: 0 }));
  stage = -1;

  add(part: CostPart, params: number, macs: number): void {
    this.parts[part].params += params;
    this.parts[part].macs += macs;
    if (this.stage >= 0) {
      this.stages[this.stage]!.params += params;
      this.stages[this.stage]!.macs += macs;
    }
  }

  /** A conv: weight (+ bias) (+ BatchNorm weight and bias) at output size `out`. */
  conv(
    part: CostPart,
    a: { inC: number; outC: number; k: number; groups?: number; out: HW; bn?: boolean; bias?: boolean; kw?: number },
  ): void {
    const weights = a.outC * (a.inC / (a.groups ?? 1)) * a.k * (a.kw ?? a.k);
    const params = weights + (a.bias ? a.outC : 0) + (a.bn ? 2 * a.outC : 0);
    this.add(part, params, weights * a.out[0] * a.out[1]);
  }
}

const ONE: HW = [1, 1];
const down = (hw: HW, k: number, s: number, p: number, d = 1): HW => [
  convOut(hw[0], k, s, p, d),
  convOut(hw[1], k, s, p, d),
];
/** 2x2 avg-pool, stride s, ceil mode (timm `downsample_avg`). */
const ceilPool = (hw: HW, s: number): HW => hw.map((h) => Math.ceil((h - 2) / s) + 1) as HW;

function stem(t: Tally, spec: ResNetSpec): { c: number; hw: HW } {
  const input = inputHW(spec);
  let hw: HW;
  let c: number;
  if (spec.stemType) {
    hw = down(input, 3, 2, 1);
    c = spec.stemWidth * 2;
    const c0 = spec.stemType === 'deep_tiered' ? 3 * Math.floor(spec.stemWidth / 4) : spec.stemWidth;
    t.conv('stem', { inC: spec.inChans, outC: c0, k: 3, out: hw, bn: true });
    t.conv('stem', { inC: c0, outC: spec.stemWidth, k: 3, out: hw, bn: true });
    t.conv('stem', { inC: spec.stemWidth, outC: c, k: 3, out: hw, bn: true });
  } else {
    hw = down(input, 7, 2, 3);
    c = 64;
    t.conv('stem', { inC: spec.inChans, outC: c, k: 7, out: hw, bn: true });
  }
  return { c, hw: down(hw, 3, 2, 1) };
}

/** SE / ECA after a block's last conv. */
function blockAttention(t: Tally, spec: ResNetSpec, c: number): void {
  if (spec.attention === 'se') {
    const rd = makeDivisible(c / 16, 8, undefined, 0);
    t.conv('attention', { inC: c, outC: rd, k: 1, out: ONE, bias: true });
    t.conv('attention', { inC: rd, outC: c, k: 1, out: ONE, bias: true });
  } else if (spec.attention === 'eca') {
    const tt = Math.trunc(Math.abs(Math.log2(c) + 1) / 2);
    const k = Math.max(tt % 2 ? tt : tt + 1, 3);
    // A 1-D conv over the channel axis of a [B, 1, C] tensor: the analyzer counts its kernel once.
    t.add('attention', k, k);
  }
}

/** timm SelectiveKernel: P conv-BN-ReLU paths, then fc_reduce (+BN) and fc_select. */
function selectiveKernel(
  t: Tally,
  spec: ResNetSpec,
  a: { inC: number; outC: number; stride: number; groups: number; hw: HW },
): HW {
  const sk = spec.sk;
  const kernels = sk.keep3x3 ? sk.kernelSizes.map(() => 3) : sk.kernelSizes;
  const dilations = sk.keep3x3 ? sk.kernelSizes.map((k) => (k - 1) / 2) : sk.kernelSizes.map(() => 1);
  const paths = kernels.length;
  const inPer = sk.splitInput ? a.inC / paths : a.inC;
  const groups = Math.min(a.outC, a.groups);
  let out = a.hw;
  kernels.forEach((k, i) => {
    const d = dilations[i]!;
    const pad = Math.floor((a.stride - 1 + d * (k - 1)) / 2);
    out = down(a.hw, k, a.stride, pad, d);
    t.conv('conv3x3', { inC: inPer, outC: a.outC, k, groups, out, bn: true });
  });
  const rd = sk.rdChannels ?? makeDivisible(a.outC * sk.rdRatio, sk.rdDivisor);
  t.conv('attention', { inC: a.outC, outC: rd, k: 1, out: ONE, bn: true });
  t.conv('attention', { inC: rd, outC: a.outC * paths, k: 1, out: ONE });
  return out;
}

function shortcut(t: Tally, spec: ResNetSpec, inC: number, outC: number, stride: number, hw: HW): void {
  if (!spec.avgDown) {
    t.conv('shortcut', { inC, outC, k: 1, out: down(hw, 1, stride, 0), bn: true });
    return;
  }
  const pooled = stride === 1 ? hw : ceilPool(hw, stride);
  t.conv('shortcut', { inC, outC, k: 1, out: pooled, bn: true });
}

function block(t: Tally, spec: ResNetSpec, inC: number, planes: number, stride: number, hw: HW): HW {
  const outC = planes * expansion(spec.block);
  let out: HW;
  switch (spec.block) {
    case 'basic':
      out = down(hw, 3, stride, 1);
      t.conv('conv3x3', { inC, outC: planes, k: 3, out, bn: true });
      t.conv('conv3x3', { inC: planes, outC, k: 3, out, bn: true });
      break;
    case 'sk_basic':
      out = selectiveKernel(t, spec, { inC, outC: planes, stride, groups: 1, hw });
      t.conv('conv3x3', { inC: planes, outC, k: 3, out, bn: true });
      break;
    case 'bottleneck':
    case 'sk_bottleneck': {
      const w = groupedWidth(spec, planes);
      t.conv('reduce', { inC, outC: w, k: 1, out: hw, bn: true });
      if (spec.block === 'bottleneck') {
        out = down(hw, 3, stride, 1);
        t.conv('conv3x3', { inC: w, outC: w, k: 3, groups: spec.cardinality, out, bn: true });
      } else {
        out = selectiveKernel(t, spec, { inC: w, outC: w, stride, groups: spec.cardinality, hw });
      }
      t.conv('expand', { inC: w, outC, k: 1, out, bn: true });
      break;
    }
    case 'resnest_bottleneck': {
      const w = groupedWidth(spec, planes);
      const k = spec.cardinality;
      const r = spec.radix;
      t.conv('reduce', { inC, outC: w, k: 1, out: hw, bn: true });
      const avdStride = spec.avd && stride > 1 ? stride : 0;
      const convStride = avdStride ? 1 : stride;
      out = hw;
      if (avdStride && spec.avdFirst) out = down(out, 3, avdStride, 1);
      out = down(out, 3, convStride, 1);
      if (r >= 1) {
        t.conv('conv3x3', { inC: w, outC: w * r, k: 3, groups: k * r, out, bn: true });
        const attn = splitAttnChannels(w, r);
        t.conv('attention', { inC: w, outC: attn, k: 1, groups: k, out: ONE, bias: true, bn: true });
        t.conv('attention', { inC: attn, outC: w * r, k: 1, groups: k, out: ONE, bias: true });
      } else {
        t.conv('conv3x3', { inC: w, outC: w, k: 3, groups: k, out, bn: true });
      }
      if (avdStride && !spec.avdFirst) out = down(out, 3, avdStride, 1);
      t.conv('expand', { inC: w, outC, k: 1, out, bn: true });
      break;
    }
  }
  blockAttention(t, spec, outC);
  if (stride !== 1 || inC !== outC) shortcut(t, spec, inC, outC, stride, hw);
  return out;
}

/** Parameters and MACs of a spec, in total, by part and by stage. */
export function variantCost(spec: ResNetSpec): VariantCost {
  const t = new Tally();
  let { c, hw } = stem(t, spec);
  for (let s = 0; s < 4; s++) {
    t.stage = s;
    const planes = spec.channels[s]!;
    for (let i = 0; i < spec.layers[s]!; i++) {
      const stride = i === 0 && s > 0 ? 2 : 1;
      hw = block(t, spec, c, planes, stride, hw);
      c = planes * expansion(spec.block);
    }
  }
  t.stage = -1;
  t.add('head', spec.numClasses * c + spec.numClasses, spec.numClasses * c);
  const params = COST_PARTS.reduce((a, p) => a + t.parts[p].params, 0);
  const macs = COST_PARTS.reduce((a, p) => a + t.parts[p].macs, 0);
  return { params, macs, parts: t.parts, stages: t.stages };
}
