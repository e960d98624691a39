/**
 * Describes one residual block found by `segments.ts`: which branch is the shortcut, basic or
 * bottleneck, channels, stride, cardinality K, radix R, attention and taps — from conv weights,
 * groups and strides, never from names (timm `resnet.py` BasicBlock/Bottleneck vocabulary).
 */
import type { Block, BlockType } from '../common/model.js';
import type { OnnxNode } from '../onnx/model.js';
import type { Graph } from './graph.js';
import type { RawBlock } from './segments.js';
import { convIn, convOut, groupOf, ints, kernelOf, type Shapes } from './shapes.js';
import { detectAttention, type TapOfBlock } from './attention.js';

/** A `Block` before it is named and placed in a stage, with its nodes still as graph nodes. */
export interface BlockFacts extends Omit<Block, 'name' | 'nodes' | 'taps'> {
  nodes: OnnxNode[];
  /** Taps found in the block; it is named (and each tap with it) once its stage is known. */
  taps: TapOfBlock[];
  /** Main-branch body convs (not attention fcs), in graph order. */
  bodyConvs: OnnxNode[];
  /** Shaped like a ResNet-family block (not an inverted residual, no depthwise conv). */
  resnetLike: boolean;
}

/** Nodes of the block that lead to `tensor`, stopping at the block input. */
function branch(g: Graph, tensor: string, input: string, members: ReadonlySet<OnnxNode>): Set<OnnxNode> {
  const out = new Set<OnnxNode>();
  const stack = [tensor];
  const seen = new Set<string>();
  while (stack.length) {
    const t = stack.pop()!;
    if (t === input || seen.has(t)) continue;
    seen.add(t);
    const p = g.producers.get(t);
    if (!p || !members.has(p) || out.has(p)) continue;
    out.add(p);
    stack.push(...g.dataInputs(p));
  }
  return out;
}

const countConvs = (nodes: Iterable<OnnxNode>) => [...nodes].filter((n) => n.opType === 'Conv').length;

function strideOf(n: OnnxNode): number {
  if (n.opType !== 'Conv' && n.opType !== 'MaxPool' && n.opType !== 'AveragePool') return 1;
  return ints(n, 'strides')?.[0] ?? 1;
}

/** Largest product of strides along any path from the block input to `tensor`. */
function pathStride(g: Graph, nodes: OnnxNode[], input: string, tensor: string): number {
  const acc = new Map<string, number>([[input, 1]]);
  for (const n of nodes) {
    const s = Math.max(1, ...g.dataInputs(n).map((t) => acc.get(t) ?? 0)) * strideOf(n);
    for (const o of n.outputs) acc.set(o, s);
  }
  return acc.get(tensor) ?? 1;
}

/** The conv whose output reaches the Add: walk back, skipping gates applied by Mul. */
function finalConvOf(g: Graph, shapes: Shapes, tensor: string, members: ReadonlySet<OnnxNode>): OnnxNode | undefined {
  let t: string | undefined = tensor;
  for (let guard = 0; t && guard < 64; guard++) {
    const p = g.producers.get(t);
    if (!p || !members.has(p)) return undefined;
    if (p.opType === 'Conv') return p;
    const ins = g.dataInputs(p).filter((i) => !shapes.pooled.has(i));
    // Several unpooled inputs (a sum over paths/splits): no single final conv.
    if (ins.length !== 1 && p.opType !== 'Mul') return undefined;
    t = ins[0];
  }
  return undefined;
}

/** A residual block the vocabulary does not fit: its ops and strides only. */
export function unrecognisedFacts(g: Graph, shapes: Shapes, raw: RawBlock): BlockFacts {
  const nodes = [...raw.inner, raw.add, ...raw.post];
  const hwIn = shapes.hw.get(raw.input);
  const hwOut = shapes.hw.get(raw.add.outputs[0]!);
  const convs = raw.inner.filter((n) => n.opType === 'Conv' && !shapes.pooled.has(n.outputs[0]!));
  const last = convs.at(-1);
  const first = convs[0];
  return {
    type: last && kernelOf(g, last).every((k) => k === 1) ? 'bottleneck' : 'basic',
    in: first ? convIn(g, first) : 0,
    out: last ? convOut(g, last) : 0,
    stride: hwIn && hwOut && hwOut[0] > 0 ? Math.max(1, Math.round(hwIn[0] / hwOut[0])) : 1,
    cardinality: 1,
    radix: 1,
    attention: 'none',
    downsample: false,
    nodes,
    taps: [],
    bodyConvs: convs,
    resnetLike: false,
  };
}

export function describeBlock(g: Graph, shapes: Shapes, raw: RawBlock): BlockFacts | undefined {
  const all = new Set([...raw.inner, raw.add]);
  const [a, b] = g.dataInputs(raw.add);
  if (!a || !b) return undefined;
  const sideA = branch(g, a, raw.input, all);
  const sideB = branch(g, b, raw.input, all);
  const [mainOut, main, short] = countConvs(sideA) >= countConvs(sideB) ? [a, sideA, sideB] : [b, sideB, sideA];
  if (countConvs(main) === 0) return undefined;
  const ordered = [...main].sort((x, y) => x.index - y.index);

  const finalConv = finalConvOf(g, shapes, mainOut, main);
  const att = detectAttention(g, shapes, main, finalConv);
  const bodyConvs = ordered.filter((n) => n.opType === 'Conv' && !shapes.pooled.has(n.outputs[0]!));
  const lastConv = finalConv ?? bodyConvs.at(-1);
  if (!lastConv) return undefined;
  const spatial = bodyConvs.filter((n) => kernelOf(g, n).some((k) => k > 1));
  const type: BlockType = kernelOf(g, lastConv).every((k) => k === 1) ? 'bottleneck' : 'basic';

  const out = convOut(g, lastConv);
  const shortConv = [...short].sort((x, y) => x.index - y.index).find((n) => n.opType === 'Conv');
  const inCh = shortConv && g.weight(shortConv.inputs[1]) ? convIn(g, shortConv) : out;

  const hwIn = shapes.hw.get(raw.input);
  const hwOut = shapes.hw.get(raw.add.outputs[0]!);
  const stride =
    hwIn && hwOut && hwOut[0] > 0
      ? Math.max(1, Math.round(hwIn[0] / hwOut[0]))
      : pathStride(g, ordered, raw.input, mainOut);

  // The 3x3 part: SK paths / the split-attention conv / the first spatial conv.
  const onThreeByThree = att.kind === 'sk' || att.kind === 'splat';
  const threeByThree = onThreeByThree && att.convs.length ? att.convs : spatial.length ? [spatial[0]!] : [];
  const convGroups = threeByThree.length ? groupOf(threeByThree[0]!) : 1;
  const cardinality = att.kind === 'splat' ? (att.cardinality ?? Math.max(1, convGroups / att.radix)) : convGroups;
  const firstSpatial = threeByThree[0];
  const width =
    (onThreeByThree ? att.width : undefined) ?? (firstSpatial ? g.weight(firstSpatial.inputs[1])?.dims[0] : undefined);

  const nodes = [...raw.inner, raw.add, ...raw.post];
  // MobileNet/EfficientNet-style inverted residuals widen the 3x3 part beyond the block output;
  // ResNet-family blocks never do. A grouped 3x3 is ResNeXt whatever its channels per group —
  // one (depthwise) included, as small widths with high cardinality give.
  const inverted = type === 'bottleneck' && width !== undefined && width > out;
  const spatialParts = att.kind === 'sk' ? spatial.length - att.convs.length + 1 : spatial.length;
  const resnetLike = !inverted && (type === 'bottleneck' ? spatialParts >= 1 : spatialParts >= 2);
  return {
    type,
    in: inCh,
    out,
    stride,
    cardinality,
    radix: att.radix,
    attention: att.kind,
    downsample: short.size > 0,
    ...(width ? { width } : {}),
    nodes,
    taps: att.tap ? [att.tap] : [],
    bodyConvs,
    resnetLike,
  };
}
