/**
 * Lays out one expanded block's ops on its own with dagre (top to bottom), in coordinates
 * relative to the op area's top-left corner. Blocks with the same op structure and labels (most
 * blocks of a stage) share one layout, which keeps ResNeSt-269e fully expanded fast.
 */
import type * as Dagre from '@dagrejs/dagre';
import { lazyRequire } from '../platform/lazy-require.js';

// Loaded on first layout, not at every start.
const dagreModule = lazyRequire<typeof Dagre>('@dagrejs/dagre');
import type { AttentionKind, OpNode } from '../common/model.js';
import { DETAIL_SIZE, LABEL_SIZE, OP_HEIGHT, OP_HEIGHT_PLAIN, OP_MIN_WIDTH, round, textWidth } from './metrics.js';
import type { OpGraph } from './op-graph.js';
import { splitAttentionRoles } from './op-roles.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export type Point = { x: number; y: number };

export interface OpLayout {
  width: number;
  height: number;
  /** Per visible op, same order as OpGraph.ops. */
  boxes: Box[];
  labels: { label: string; detail?: string }[];
  /** Per OpGraph.edges entry. */
  edgePoints: Point[][];
  /** Per OpGraph.entries entry: from the entry port (first point) to the op. */
  entryPoints: Point[][];
  /** From the exit op to the exit port (last point); empty when the block has no exit. */
  exitPoints: Point[];
  entryX: number;
  exitX: number;
}

/** `/layer2/layer2.0/conv2/fc1/Conv` in block `layer2.0` → `conv2.fc1`. */
function modulePath(opName: string, block: string): string | undefined {
  const parts = opName.split('/').filter((p) => p !== '');
  const at = parts.indexOf(block);
  if (at < 0 || parts.length - at < 3) return undefined;
  return parts.slice(at + 1, -1).join('.');
}

/** An op's two lines: its role in the block when known (`fc1`), else its type; then the rest. */
function opLabel(op: OpNode, block: string, role?: string): { label: string; detail?: string } {
  const where = modulePath(op.name, block);
  const detail = [role ? op.opType : undefined, where, op.detail].filter((s): s is string => !!s).join(' · ');
  const label = role ?? op.opType;
  return detail ? { label, detail } : { label };
}

function opSize(l: { label: string; detail?: string }): { width: number; height: number } {
  const w = Math.max(textWidth(l.label, LABEL_SIZE), l.detail ? textWidth(l.detail, DETAIL_SIZE) : 0);
  // Widths snap to 32 px, so blocks whose labels differ only in channel counts share a layout.
  return {
    width: Math.max(OP_MIN_WIDTH, Math.ceil((w + 16) / 32) * 32),
    height: l.detail ? OP_HEIGHT : OP_HEIGHT_PLAIN,
  };
}

const IN = '__in';
const OUT = '__out';

export function layoutOps(
  graph: OpGraph,
  block: string,
  attention: AttentionKind,
  cache?: Map<string, OpLayout>,
): OpLayout {
  const roles = attention === 'splat' ? splitAttentionRoles(graph.ops) : [];
  const labels = graph.ops.map((op, i) => opLabel(op, block, roles[i]));
  const key = JSON.stringify([
    labels.map(opSize),
    graph.edges.map((e) => [e.from, e.to]),
    graph.entries.map((e) => e.to),
    graph.exit,
  ]);
  const hit = cache?.get(key);
  if (hit) return { ...hit, labels };
  const result = runDagre(graph, labels);
  cache?.set(key, result);
  return result;
}

function runDagre(graph: OpGraph, labels: { label: string; detail?: string }[]): OpLayout {
  const g = new (dagreModule().graphlib.Graph)<
    object,
    { width: number; height: number; x?: number; y?: number },
    { points?: Point[] }
  >({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 22, edgesep: 10, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  labels.forEach((l, i) => g.setNode(String(i), opSize(l)));
  g.setNode(IN, { width: 2, height: 2 });
  if (graph.exit >= 0) g.setNode(OUT, { width: 2, height: 2 });
  graph.edges.forEach((e, i) => g.setEdge(String(e.from), String(e.to), {}, `e${i}`));
  graph.entries.forEach((e, i) => g.setEdge(IN, String(e.to), {}, `in${i}`));
  if (graph.exit >= 0) g.setEdge(String(graph.exit), OUT, {}, 'out');
  dagreModule().layout(g);

  // dagre gives centres; shift everything so the bounding box starts at (0, 0).
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const id of g.nodes()) {
    const n = g.node(id);
    minX = Math.min(minX, n.x! - n.width / 2);
    minY = Math.min(minY, n.y! - n.height / 2);
    maxX = Math.max(maxX, n.x! + n.width / 2);
    maxY = Math.max(maxY, n.y! + n.height / 2);
  }
  const shift = (p: Point): Point => ({ x: round(p.x - minX), y: round(p.y - minY) });
  const boxes = labels.map((_, i) => {
    const n = g.node(String(i));
    return {
      x: round(n.x! - n.width / 2 - minX),
      y: round(n.y! - n.height / 2 - minY),
      width: n.width,
      height: n.height,
    };
  });
  const pts = (v: string, w: string, name: string): Point[] => (g.edge(v, w, name).points ?? []).map(shift);
  const inNode = g.node(IN);
  const outNode = graph.exit >= 0 ? g.node(OUT) : undefined;
  return {
    width: round(maxX - minX),
    height: round(maxY - minY),
    boxes,
    labels,
    edgePoints: graph.edges.map((e, i) => pts(String(e.from), String(e.to), `e${i}`)),
    entryPoints: graph.entries.map((e, i) => pts(IN, String(e.to), `in${i}`)),
    exitPoints: graph.exit >= 0 ? pts(String(graph.exit), OUT, 'out') : [],
    entryX: round(inNode.x! - minX),
    exitX: round((outNode?.x ?? inNode.x!) - minX),
  };
}
