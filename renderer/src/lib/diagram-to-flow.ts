/**
 * A laid-out Diagram (src/diagram, the same layout the SVG export writes) → React Flow nodes and
 * edges, at exactly the diagram's coordinates. Nodes that contain others (an expanded block's
 * frame, a stage) become `frame` nodes drawn beneath their contents. Pure, no React.
 */
import type { Diagram, DiagramEdge, DiagramNode } from '../../../src/api/contract';

export interface FlowNodeData extends Record<string, unknown> {
  node: DiagramNode;
  modelId: string;
  expanded: boolean;
}

export interface FlowEdgeData extends Record<string, unknown> {
  edge: DiagramEdge;
  /** Inside an expanded block (to, from or between its ops): its shape label is dense company. */
  op: boolean;
}

export interface FlowNode {
  id: string;
  type: 'block' | 'op' | 'frame' | 'terminal';
  position: { x: number; y: number };
  width: number;
  height: number;
  style: { width: number; height: number };
  zIndex: number;
  data: FlowNodeData;
  selectable: boolean;
}

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  type: 'polyline';
  zIndex: number;
  data: FlowEdgeData;
}

/** Every node id that some other node names as its parent. */
function parents(nodes: readonly DiagramNode[]): Set<string> {
  return new Set(nodes.map((n) => n.parent).filter((p): p is string => Boolean(p)));
}

function depth(n: DiagramNode, byId: Map<string, DiagramNode>): number {
  let d = 0;
  for (let p = n.parent; p && d < 8; p = byId.get(p)?.parent) d++;
  return d;
}

export function diagramToFlow(
  diagram: Diagram,
  modelId: string,
  expanded: readonly string[] = [],
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const frames = parents(diagram.nodes);
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  const nodes = diagram.nodes.map((n): FlowNode => {
    const isFrame = n.kind === 'stage' || n.expanded === true || frames.has(n.id);
    const type = isFrame ? 'frame' : n.kind === 'block' ? 'block' : n.kind === 'op' ? 'op' : 'terminal';
    const d = depth(n, byId);
    return {
      id: n.id,
      type,
      position: { x: n.x, y: n.y },
      width: n.width,
      height: n.height,
      style: { width: n.width, height: n.height },
      // frames under their contents; deeper frames above shallower ones
      zIndex: isFrame ? d - 10 : d + 1,
      data: { node: n, modelId, expanded: n.expanded ?? Boolean(n.block && expanded.includes(n.block)) },
      selectable: true,
    };
  });
  const edges = diagram.edges
    .filter((e) => byId.has(e.source) && byId.has(e.target))
    .map((e): FlowEdge => ({
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'polyline',
      zIndex: 0,
      data: { edge: e, op: byId.get(e.source)?.kind === 'op' || byId.get(e.target)?.kind === 'op' },
    }));
  return { nodes, edges };
}

/** Nodes whose label, block, op type or detail contains the query (case-insensitive), best first. */
export function searchNodes(diagram: Diagram | undefined, query: string): DiagramNode[] {
  const q = query.trim().toLowerCase();
  if (!diagram || !q) return [];
  const score = (n: DiagramNode): number => {
    const fields = [n.label, n.block, n.opType, n.detail].map((f) => (f ?? '').toLowerCase());
    if (fields.some((f) => f === q)) return 0;
    if (fields.some((f) => f.startsWith(q))) return 1;
    return fields.some((f) => f.includes(q)) ? 2 : -1;
  };
  return diagram.nodes
    .map((n) => ({ n, s: score(n) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || a.n.y - b.n.y)
    .map((x) => x.n);
}

/** Midpoint of the longest segment of a polyline: where an edge's shape label sits. */
export function labelPoint(points: readonly { x: number; y: number }[]): { x: number; y: number } | undefined {
  let best: { x: number; y: number } | undefined;
  let bestLen = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len > bestLen) {
      bestLen = len;
      best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
  }
  return best ?? points[0];
}
