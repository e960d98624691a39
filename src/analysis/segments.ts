/**
 * Splits the trunk of a CNN into stem, residual blocks and head. A node every input→output path
 * passes through is a "cut"; between two consecutive cuts the graph forks and merges again. A fork
 * that merges in an Add is a residual block (He et al. 2016), whatever the exporter named its nodes.
 */
import type { OnnxNode } from '../onnx/model.js';
import type { Graph } from './graph.js';

export interface RawBlock {
  /** Tensor entering the block (the fork). */
  input: string;
  /** The residual Add. */
  add: OnnxNode;
  /** Nodes between fork and Add (both branches), in graph order. */
  inner: OnnxNode[];
  /** Activations after the Add that still belong to the block (e.g. the final ReLU). */
  post: OnnxNode[];
}

export interface Segments {
  stem: OnnxNode[];
  blocks: RawBlock[];
  head: OnnxNode[];
}

const MERGE_OPS = new Set(['Add', 'Sum']);
const POST_OPS = new Set([
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Clip',
  'Elu',
  'Selu',
  'Silu',
  'HardSwish',
  'Mish',
  'Gelu',
  'Identity',
  'Dropout',
]);

/** Data nodes that lead to the main output, in graph order. */
function liveNodes(g: Graph): OnnxNode[] {
  const live = new Array<boolean>(g.nodes.length).fill(false);
  const needed = new Set<string>([g.mainOutput]);
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]!;
    if (!g.data[i] || !n.outputs.some((o) => needed.has(o))) continue;
    live[i] = true;
    for (const t of g.dataInputs(n)) needed.add(t);
  }
  return g.nodes.filter((n) => live[n.index]);
}

export function segment(g: Graph): Segments {
  const nodes = liveNodes(g);
  const pos = new Map<OnnxNode, number>(nodes.map((n, i) => [n, i]));
  // Farthest consumer position reached by an edge leaving each position (-1 = the graph input).
  const reach = new Array<number>(nodes.length).fill(-1);
  let inputReach = -1;
  for (const n of nodes) {
    const p = pos.get(n)!;
    for (const t of g.dataInputs(n)) {
      const producer = g.producers.get(t);
      const from = producer ? pos.get(producer) : -1;
      if (from === undefined) continue;
      if (from < 0) inputReach = Math.max(inputReach, p);
      else reach[from] = Math.max(reach[from]!, p);
    }
  }
  const isCut = new Array<boolean>(nodes.length).fill(false);
  let maxReach = inputReach;
  for (let i = 0; i < nodes.length; i++) {
    isCut[i] = maxReach <= i;
    maxReach = Math.max(maxReach, reach[i]!);
  }

  const blocks: RawBlock[] = [];
  const inBlock = new Array<boolean>(nodes.length).fill(false);
  let prevCut = -1;
  for (let i = 0; i < nodes.length; i++) {
    if (!isCut[i]) continue;
    const n = nodes[i]!;
    if (i - prevCut > 1 && MERGE_OPS.has(n.opType) && g.dataInputs(n).length >= 2) {
      const forkTensor = prevCut >= 0 ? nodes[prevCut]!.outputs[0]! : (g.model.inputs[0]?.name ?? '');
      const inner = nodes.slice(prevCut + 1, i);
      const block: RawBlock = { input: forkTensor, add: n, inner, post: [] };
      for (let j = prevCut + 1; j <= i; j++) inBlock[j] = true;
      // The fork node of the previous block's output belongs to that block (its final activation).
      blocks.push(block);
    }
    prevCut = i;
  }
  // Attach post-Add activations: cut nodes right after an Add, up to the next block's fork.
  for (const b of blocks) {
    let j = pos.get(b.add)! + 1;
    while (j < nodes.length && isCut[j] && !inBlock[j] && POST_OPS.has(nodes[j]!.opType)) {
      b.post.push(nodes[j]!);
      inBlock[j] = true;
      j++;
    }
  }
  const firstBlock = blocks[0] ? pos.get(blocks[0].inner[0]!)! : nodes.length;
  const lastBlock = blocks.length ? pos.get(blocks.at(-1)!.post.at(-1) ?? blocks.at(-1)!.add)! : nodes.length - 1;
  const stem = nodes.slice(0, firstBlock).filter((_, i) => !inBlock[i]);
  const head = nodes.slice(lastBlock + 1).filter((n) => !inBlock[pos.get(n)!]);
  return { stem, blocks, head };
}
