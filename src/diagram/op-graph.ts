/**
 * A block's ONNX ops as a small graph for drawing: edges from tensor names, the block's entry
 * tensors (produced outside it) and exit op, the residual shortcut branch, and the shape
 * plumbing (Shape → Gather → Unsqueeze → Concat → Reshape's shape input, Constants) left out, as
 * Netron and Model Explorer hide it too.
 */
import type { OpNode } from '../common/model.js';

/** Ops whose inputs after the first are shapes, axes or pads rather than data. */
const SHAPE_ARG_OPS = new Set([
  'Reshape',
  'Expand',
  'Tile',
  'Slice',
  'Pad',
  'Resize',
  'Split',
  'Unsqueeze',
  'Squeeze',
  'ReduceSum',
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ConstantOfShape',
  'TopK',
]);
const PLUMBING_OPS = new Set([
  'Constant',
  'Shape',
  'Gather',
  'Unsqueeze',
  'Concat',
  'Cast',
  'Range',
  'ConstantOfShape',
]);

export interface OpEdge {
  from: number;
  to: number;
  tensor: string;
  shortcut: boolean;
}

export interface OpGraph {
  /** Visible ops, in graph order. */
  ops: OpNode[];
  edges: OpEdge[];
  /** Ops (indices into `ops`) that read a tensor from outside the block, with that tensor. */
  entries: { to: number; tensor: string; shortcut: boolean }[];
  /** The op whose output leaves the block (the last unconsumed one), or -1. */
  exit: number;
}

function dataInputs(op: OpNode): string[] {
  const ins = op.inputs.filter((t) => t !== '');
  return SHAPE_ARG_OPS.has(op.opType) ? ins.slice(0, 1) : ins;
}

export function buildOpGraph(all: readonly OpNode[]): OpGraph {
  const producer = new Map<string, number>();
  all.forEach((op, i) => op.outputs.forEach((t) => producer.set(t, i)));
  const consumed = new Set(all.flatMap((op) => op.inputs));

  // Keep what the block's outputs depend on through data inputs.
  const roots = all
    .map((op, i) => ({ op, i }))
    .filter(({ op }) => !PLUMBING_OPS.has(op.opType) && op.outputs.some((t) => !consumed.has(t)))
    .map(({ i }) => i);
  const keep = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const i = stack.pop()!;
    if (keep.has(i) || all[i]!.opType === 'Constant') continue;
    keep.add(i);
    for (const t of dataInputs(all[i]!)) {
      const p = producer.get(t);
      if (p !== undefined) stack.push(p);
    }
  }
  const kept = [...keep].sort((a, b) => a - b);
  const index = new Map(kept.map((orig, i) => [orig, i]));
  const ops = kept.map((i) => all[i]!);

  // Entry tensors: the first data input of some op, produced outside the block (weights are
  // never a first input, so this finds the block input without knowing the initializers).
  const external = new Set<string>();
  for (const op of ops) {
    const t = op.inputs[0];
    if (t && !producer.has(t)) external.add(t);
  }

  const edges: OpEdge[] = [];
  const entries: OpGraph['entries'] = [];
  ops.forEach((op, to) => {
    for (const t of new Set(dataInputs(op))) {
      const p = producer.get(t);
      const from = p === undefined ? undefined : index.get(p);
      if (from !== undefined) edges.push({ from, to, tensor: t, shortcut: false });
      else if (p === undefined && external.has(t)) entries.push({ to, tensor: t, shortcut: false });
    }
  });

  let exit = -1;
  for (let i = ops.length - 1; i >= 0 && exit < 0; i--) {
    if (ops[i]!.outputs.some((t) => !consumed.has(t))) exit = i;
  }
  markShortcut(ops, edges, entries);
  return { ops, edges, entries, exit };
}

/** The residual Add's shorter input branch back to the block entry is the shortcut. */
function markShortcut(ops: OpNode[], edges: OpEdge[], entries: OpGraph['entries']): void {
  const addIndex = ops.findLastIndex((op) => (op.opType === 'Add' || op.opType === 'Sum') && op.inputs.length >= 2);
  if (addIndex < 0) return;
  const incoming = new Map<number, OpEdge[]>();
  for (const e of edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
  const entryOf = new Set(entries.map((e) => e.to));

  // Distance (in ops) from each op back to the block entry, following inputs.
  const depth = new Map<number, number>();
  const dist = (i: number): number => {
    const known = depth.get(i);
    if (known !== undefined) return known;
    depth.set(i, Infinity);
    let d = entryOf.has(i) ? 1 : Infinity;
    for (const e of incoming.get(i) ?? []) d = Math.min(d, dist(e.from) + 1);
    depth.set(i, d);
    return d;
  };

  const direct = entries.filter((e) => e.to === addIndex);
  const viaOps = incoming.get(addIndex) ?? [];
  if (direct.length > 0 && viaOps.length > 0) {
    for (const e of direct) e.shortcut = true;
    return;
  }
  if (viaOps.length < 2) return;
  const shortest = viaOps.reduce((a, b) => (dist(b.from) < dist(a.from) ? b : a));
  shortest.shortcut = true;
  // Walk the branch back to the entry (e.g. downsample AvgPool → Conv).
  let cur = shortest.from;
  for (let guard = 0; guard < ops.length; guard++) {
    const entry = entries.find((e) => e.to === cur);
    if (entry) {
      entry.shortcut = true;
      return;
    }
    const prev = (incoming.get(cur) ?? []).reduce<OpEdge | undefined>(
      (a, b) => (a === undefined || dist(b.from) < dist(a.from) ? b : a),
      undefined,
    );
    if (!prev) return;
    prev.shortcut = true;
    cur = prev.from;
  }
}
