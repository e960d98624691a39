/**
 * Finds the attention sub-pattern inside a residual block's main branch and the exact tensor holding
 * its weights: ResNeSt split attention (Zhang et al. 2020; timm `split_attn.py`, official `splat.py`),
 * SK selective kernel (Li et al. 2019; timm `selective_kernel.py`), SE (Hu et al. 2018) and ECA
 * (Wang et al. 2020). Recognised by structure: a gate (Softmax/Sigmoid) computed from a global pool,
 * multiplied back onto the conv output(s) it was pooled from.
 */
import type { AttentionKind, Tap } from '../common/model.js';

/** A tap as found in a block, before the block is named. */
export type TapOfBlock = Omit<Tap, 'block'>;
import type { OnnxNode } from '../onnx/model.js';
import type { Graph } from './graph.js';
import type { Shapes } from './shapes.js';
import { convIn, convOut, groupOf, ints } from './shapes.js';

export interface AttentionInfo {
  kind: AttentionKind;
  radix: number;
  /** Cardinality seen by the attention (ResNeSt fc groups), when it says more than the conv. */
  cardinality?: number;
  /** Channels of the attended conv output (C; ResNeSt: per split). */
  width?: number;
  /** The conv(s) whose output the attention weighs. */
  convs: OnnxNode[];
  tap?: TapOfBlock;
}

const GATES = new Set(['Softmax', 'Sigmoid', 'HardSigmoid']);
const LAYOUT = new Set([
  'Reshape',
  'Transpose',
  'Split',
  'Flatten',
  'Squeeze',
  'Unsqueeze',
  'Identity',
  'Expand',
  'Slice',
  'Gather',
  'Cast',
]);

/** Walks from a tensor back through non-conv ops (data inputs only) to the first convs on each path. */
function convsBehind(
  g: Graph,
  shapes: Shapes,
  tensor: string,
  members: ReadonlySet<OnnxNode>,
  skip = new Set<string>(),
): OnnxNode[] {
  const found = new Set<OnnxNode>();
  const seen = new Set<string>();
  const stack = [tensor];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t) || skip.has(t)) continue;
    seen.add(t);
    const p = g.producers.get(t);
    if (!p || !members.has(p)) continue;
    if (p.opType === 'Conv' && !shapes.pooled.has(t)) {
      found.add(p);
      continue;
    }
    for (const i of g.dataInputs(p)) if (!shapes.pooled.has(i)) stack.push(i);
  }
  return [...found].sort((a, b) => a.index - b.index);
}

/** Pooled convs between the global pool and a gate, nearest the gate first (fc2, fc1 / fc_select, fc_reduce). */
function fcChain(g: Graph, shapes: Shapes, tensor: string, members: ReadonlySet<OnnxNode>): OnnxNode[] {
  const out: OnnxNode[] = [];
  let t: string | undefined = tensor;
  for (let guard = 0; t && guard < 64; guard++) {
    const p = g.producers.get(t);
    if (!p || !members.has(p) || !shapes.pooled.has(t)) break;
    if (p.opType === 'Conv' || p.opType === 'Gemm' || p.opType === 'MatMul') out.push(p);
    t = g.dataInputs(p).find((i) => shapes.pooled.has(i));
  }
  return out;
}

/** Mul nodes that apply a gate, following layout ops (reshape, split, transpose) forward. */
function applications(g: Graph, gateOut: string, members: ReadonlySet<OnnxNode>): { mul: OnnxNode; via: string }[] {
  const out: { mul: OnnxNode; via: string }[] = [];
  const stack = [gateOut];
  const seen = new Set<string>();
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    for (const c of g.consumersOf(t)) {
      if (!members.has(c)) continue;
      if (c.opType === 'Mul') out.push({ mul: c, via: t });
      else if (LAYOUT.has(c.opType)) stack.push(...c.outputs);
    }
  }
  return out;
}

function isSwapTranspose(n: OnnxNode): boolean {
  const perm = ints(n, 'perm');
  return perm !== undefined && perm.length === 4 && perm[0] === 0 && perm[1] === 2 && perm[2] === 1 && perm[3] === 3;
}

/** Transposes on the chain from `from` back to `to` (through layout ops only). */
function swapsBetween(g: Graph, from: string, to: string): number {
  let swaps = 0;
  let t: string | undefined = from;
  for (let guard = 0; t && t !== to && guard < 32; guard++) {
    const p = g.producers.get(t);
    if (!p || !LAYOUT.has(p.opType)) break;
    if (p.opType === 'Transpose' && isSwapTranspose(p)) swaps++;
    t = p.inputs[0];
  }
  return swaps;
}

/** The ResNeSt tap: the softmax output in radix-major layout `[R, K, C/K]` (timm's rSoftmax output). */
function splatTap(
  g: Graph,
  gate: OnnxNode,
  fc2Out: string,
  k: number,
  r: number,
  c: number,
  members: ReadonlySet<OnnxNode>,
): TapOfBlock {
  const shape = [r, k, c / k];
  const out = gate.outputs[0]!;
  if (swapsBetween(g, gate.inputs[0]!, fc2Out) % 2 === 1 || k === 1) {
    return { tensor: out, kind: 'splat', dims: ['radix', 'cardinal', 'channel'], shape };
  }
  // Softmax taken before the cardinal/radix transpose: the transposed tensor is the tap.
  let t = out;
  for (let guard = 0; guard < 8; guard++) {
    const next = g.consumersOf(t).find((c) => members.has(c) && LAYOUT.has(c.opType));
    if (!next) break;
    t = next.outputs[0]!;
    if (next.opType === 'Transpose' && isSwapTranspose(next)) {
      return { tensor: t, kind: 'splat', dims: ['radix', 'cardinal', 'channel'], shape };
    }
  }
  return { tensor: out, kind: 'splat', dims: ['cardinal', 'radix', 'channel'], shape: [k, r, c / k] };
}

/**
 * Attention of one block. `members` = the main-branch nodes; `finalConv` = the conv feeding the
 * residual Add (SE/ECA gates sit right after it; a ResNeSt radix-1 gate sits on the 3x3 conv).
 */
export function detectAttention(
  g: Graph,
  shapes: Shapes,
  members: ReadonlySet<OnnxNode>,
  finalConv: OnnxNode | undefined,
): AttentionInfo {
  const found: AttentionInfo[] = [];
  for (const gate of members) {
    if (!GATES.has(gate.opType)) continue;
    const gateIn = gate.inputs[0];
    if (!gateIn || !shapes.pooled.has(gateIn)) continue;
    const apps = applications(g, gate.outputs[0]!, members);
    if (!apps.length) continue;
    const data = apps.flatMap(({ mul, via }) => mul.inputs.filter((i) => i !== via));
    const convs = [...new Set(data.flatMap((d) => convsBehind(g, shapes, d, members)))].sort(
      (a, b) => a.index - b.index,
    );
    if (!convs.length) continue;
    const fcs = fcChain(g, shapes, gateIn, members);
    const fc2 = fcs[0];
    const fc1 = fcs[1] ?? fcs[0];
    if (gate.opType === 'Softmax' && convs.length >= 2) {
      const c = convOut(g, convs[0]!);
      found.push({
        kind: 'sk',
        radix: convs.length,
        width: c,
        convs,
        tap: { tensor: gate.outputs[0]!, kind: 'sk', dims: ['path', 'channel'], shape: [convs.length, c] },
      });
    } else if (gate.opType === 'Softmax' && fc1 && fc2) {
      const conv = convs[0]!;
      const c = convIn(g, fc1);
      const r = c > 0 ? Math.round(convOut(g, conv) / c) : 1;
      const k = groupOf(fc1);
      found.push({
        kind: 'splat',
        radix: r,
        cardinality: k,
        width: c,
        convs,
        tap: splatTap(g, gate, fc2.outputs[0]!, k, r, c, members),
      });
    } else if (gate.opType !== 'Softmax') {
      const eca = fcs.length === 1 && fc2 !== undefined && convIn(g, fc2) === 1 && convOut(g, fc2) === 1;
      const onFinal = finalConv !== undefined && convs.length === 1 && convs[0] === finalConv;
      const c = convOut(g, convs[0]!);
      const kind: AttentionKind = eca ? 'eca' : onFinal ? 'se' : 'splat';
      const info: AttentionInfo = {
        kind,
        radix: 1,
        width: c,
        convs,
        tap: { tensor: gate.outputs[0]!, kind, dims: ['channel'], shape: [c] },
      };
      if (kind === 'splat' && fc1) info.cardinality = groupOf(fc1);
      found.push(info);
    }
  }
  const rank: AttentionKind[] = ['splat', 'sk', 'se', 'eca'];
  found.sort((a, b) => rank.indexOf(a.kind) - rank.indexOf(b.kind));
  return found[0] ?? { kind: 'none', radix: 1, convs: [] };
}
