/**
 * `layoutDiagram`: Analysis → laid-out Diagram, the one picture the UI (React Flow) and the SVG
 * export both draw. The backbone is a chain, so it is stacked top to bottom (input → stem →
 * stage frames of blocks → head → output); each expanded block's ops are laid out on their own
 * with dagre (op-layout.ts) and placed inside the block's frame.
 */
import type { Analysis, Block, OpNode } from '../common/model.js';
import type { Diagram, DiagramEdge, DiagramNode } from '../common/diagram.js';
import { UserError, listFew } from '../common/errors.js';
import { blockDetail, heatmapBand, heatmapGrid } from './block-node.js';
import {
  ARC_ROOM,
  BLOCK_HEADER,
  BLOCK_WIDTH,
  DETAIL_SIZE,
  FRAME_PAD,
  HEATMAP_MAX_WIDTH,
  LABEL_SIZE,
  MARGIN,
  SPINE_GAP,
  SPINE_NODE,
  STAGE_HEADER,
  STAGE_PAD,
  round,
  textWidth,
} from './metrics.js';
import { buildOpGraph, type OpGraph } from './op-graph.js';
import { layoutOps, type OpLayout } from './op-layout.js';
import { spineShapes } from './tensor-shapes.js';
import { dimsText } from '../common/tensor-shape.js';

export interface LayoutOptions {
  modelId: string;
  /** Blocks drawn expanded into their ONNX ops. Default `none`. */
  expand?: 'all' | 'none' | string[];
  /** The ONNX ops of a block (analysis' `blockOps`); needed to expand. */
  opsOf?: (block: string) => OpNode[];
}

/** One node of the spine with its size; expanded blocks carry their op layout. */
interface Item {
  node: DiagramNode;
  block?: Block;
  stage?: string;
  ops?: { graph: OpGraph; layout: OpLayout; header: number };
}

export function layoutDiagram(analysis: Analysis, opts: LayoutOptions): Diagram {
  const shapes = spineShapes(analysis);
  const expanded = resolveExpand(analysis, opts);
  const cache = new Map<string, OpLayout>();

  const spine = (id: string, kind: DiagramNode['kind'], label: string, detail: string, shape: string): Item => ({
    node: {
      id,
      kind,
      label,
      detail,
      ...(shape ? { shape } : {}),
      x: 0,
      y: 0,
      width: Math.max(SPINE_NODE.width, textWidth(detail, DETAIL_SIZE) + 24),
      height: SPINE_NODE.height,
    },
  });
  const stemDetail = { plain: 'conv 7×7 /2 · max-pool /2', deep: '3 × conv 3×3 · max-pool /2', unknown: 'stem' }[
    analysis.stem.type
  ];
  const lastOut = analysis.stages.at(-1)?.blocks.at(-1)?.out;
  const items: Item[] = [
    spine('input', 'input', analysis.input.name || 'input', shapes.input, shapes.input),
    spine('stem', 'stem', 'stem', stemDetail, shapes.stem),
  ];
  for (const stage of analysis.stages) {
    for (const b of stage.blocks) {
      items.push(
        blockItem(b, stage.name, shapes.blocks.get(b.name) ?? '', expanded.has(b.name) ? opts.opsOf : undefined, cache),
      );
    }
  }
  items.push(
    spine(
      'head',
      'head',
      'head',
      lastOut ? `global pool · fc ${lastOut}→${analysis.numClasses}` : 'classifier',
      shapes.logits,
    ),
  );
  items.push(spine('output', 'output', 'logits', `${analysis.numClasses} classes`, shapes.logits));

  // Widths: every node is centred on one vertical axis; stage frames leave room for the arcs.
  const stageWidth = new Map<string, number>();
  for (const it of items) {
    if (it.stage)
      stageWidth.set(it.stage, Math.max(stageWidth.get(it.stage) ?? 0, it.node.width + 2 * (STAGE_PAD + ARC_ROOM)));
  }
  const contentWidth = Math.max(...items.map((it) => it.node.width + 2 * ARC_ROOM), ...stageWidth.values());
  const cx = MARGIN + contentWidth / 2;

  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  let y = MARGIN;
  let prev: { item: Item; exitX: number } | undefined;
  let stageNode: DiagramNode | undefined;
  const closeStage = (): void => {
    if (!stageNode) return;
    stageNode.height = y - SPINE_GAP + STAGE_PAD - stageNode.y;
    y = stageNode.y + stageNode.height + SPINE_GAP;
    stageNode = undefined;
  };

  for (const it of items) {
    if (it.stage !== stageNode?.label) {
      closeStage();
      if (it.stage) {
        const w = stageWidth.get(it.stage)!;
        const count = analysis.stages.find((s) => s.name === it.stage)?.blocks.length ?? 0;
        stageNode = {
          id: `stage:${it.stage}`,
          kind: 'stage',
          label: it.stage,
          detail: `${count} block${count === 1 ? '' : 's'}`,
          x: cx - w / 2,
          y,
          width: w,
          height: 0,
        };
        nodes.push(stageNode);
        y += STAGE_HEADER;
      }
    }
    const n = it.node;
    n.x = round(cx - n.width / 2);
    n.y = y;
    if (stageNode) n.parent = stageNode.id;
    if (n.heatmap) {
      const w = it.ops ? Math.min(200, n.width / 2 - 24) : Math.min(HEATMAP_MAX_WIDTH, n.width - 20);
      n.heatmap = { ...n.heatmap, x: n.x + 10, y: n.y + BLOCK_HEADER, width: w };
    }
    nodes.push(n);
    const entryX = it.ops ? placeOps(it, nodes, edges) : cx;
    if (prev) {
      edges.push(spineEdge(prev.item.node, n, prev.exitX, entryX, prev.item.node.shape));
      if (it.block && !it.ops) edges.push(shortcutArc(prev.item.node, n, cx));
    }
    const exitX = it.ops ? it.node.x + it.node.width / 2 - it.ops.layout.entryX + it.ops.layout.exitX : cx;
    prev = { item: it, exitX: round(exitX) };
    y += n.height + SPINE_GAP;
  }
  closeStage();

  const width = Math.ceil(contentWidth + 2 * MARGIN);
  const height = Math.ceil(y - SPINE_GAP + MARGIN);
  return { model: opts.modelId, width, height, nodes, edges, expanded: [...expanded] };
}

function resolveExpand(analysis: Analysis, opts: LayoutOptions): Set<string> {
  const names = analysis.stages.flatMap((s) => s.blocks.map((b) => b.name));
  const want = opts.expand === 'all' ? names : opts.expand === 'none' || !opts.expand ? [] : opts.expand;
  const known = new Set(names);
  const unknown = want.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new UserError(
      `unknown block${unknown.length > 1 ? 's' : ''} ${listFew(unknown)} to expand (blocks: ${names[0] ?? 'none'} … ${names.at(-1) ?? ''})`,
    );
  }
  if (want.length && !opts.opsOf) throw new UserError('cannot expand blocks: no ONNX ops are available for this model');
  return new Set(want);
}

function blockItem(
  b: Block,
  stage: string,
  shape: string,
  opsOf: LayoutOptions['opsOf'],
  cache: Map<string, OpLayout>,
): Item {
  const detail = blockDetail(b);
  const band = heatmapBand(b);
  const grid = heatmapGrid(b);
  const node: DiagramNode = {
    id: `block:${b.name}`,
    kind: 'block',
    label: b.name,
    detail,
    x: 0,
    y: 0,
    width: Math.max(BLOCK_WIDTH, textWidth(detail, DETAIL_SIZE) + 24),
    height: BLOCK_HEADER + band,
    block: b.name,
    blockType: b.type,
    attention: b.attention,
    cardinality: b.cardinality,
    radix: b.radix,
    shape,
    expanded: false,
  };
  if (grid) node.heatmap = { x: 0, y: 0, width: 0, height: band - 8, ...grid };
  const ops = opsOf?.(b.name) ?? [];
  if (ops.length === 0) return { node, block: b, stage };

  const graph = buildOpGraph(ops);
  const layout = layoutOps(graph, b.name, b.attention, cache);
  const headerText = Math.max(textWidth(b.name, LABEL_SIZE), textWidth(detail, DETAIL_SIZE), grid ? 200 : 0);
  const half = Math.max(layout.entryX, layout.width - layout.entryX) + FRAME_PAD;
  node.width = Math.ceil(2 * Math.max(half, headerText + 28, BLOCK_WIDTH / 2));
  const header = BLOCK_HEADER + band + 10;
  node.height = header + layout.height + FRAME_PAD;
  node.expanded = true;
  return { node, block: b, stage, ops: { graph, layout, header } };
}

/** Places an expanded block's ops inside its frame; returns the frame's entry port x. */
function placeOps(it: Item, nodes: DiagramNode[], edges: DiagramEdge[]): number {
  const frame = it.node;
  const { graph, layout, header } = it.ops!;
  const cx = frame.x + frame.width / 2;
  const ox = cx - layout.entryX;
  const oy = frame.y + header;
  const at = (p: { x: number; y: number }): { x: number; y: number } => ({ x: round(p.x + ox), y: round(p.y + oy) });
  const ids = graph.ops.map((op, i) => `op:${frame.block}:${op.name || i}`);
  graph.ops.forEach((op, i) => {
    const box = layout.boxes[i]!;
    const l = layout.labels[i]!;
    nodes.push({
      id: ids[i]!,
      kind: 'op',
      label: l.label,
      ...(l.detail ? { detail: l.detail } : {}),
      x: round(box.x + ox),
      y: round(box.y + oy),
      width: box.width,
      height: box.height,
      block: frame.block,
      opType: op.opType,
      parent: frame.id,
    });
  });
  graph.edges.forEach((e, i) => {
    edges.push(
      labelled(
        {
          id: `e:${ids[e.from]}->${ids[e.to]}#${i}`,
          source: ids[e.from]!,
          target: ids[e.to]!,
          points: layout.edgePoints[i]!.map(at),
          ...(e.shortcut ? { shortcut: true } : {}),
        },
        outputShape(graph.ops[e.from]!, e.tensor),
      ),
    );
  });
  // The block input enters the main path and the shortcut: its shape is written once, on the main path.
  const mainEntries = new Set(graph.entries.filter((e) => !e.shortcut).map((e) => e.tensor));
  graph.entries.forEach((e, i) => {
    const pts = layout.entryPoints[i]!.map(at);
    edges.push(
      labelled(
        {
          id: `e:${frame.id}->${ids[e.to]}#in${i}`,
          source: frame.id,
          target: ids[e.to]!,
          points: [{ x: round(cx), y: frame.y }, ...pts],
          ...(e.shortcut ? { shortcut: true } : {}),
        },
        e.shortcut && mainEntries.has(e.tensor) ? undefined : inputShape(graph.ops[e.to]!, e.tensor),
      ),
    );
  });
  if (graph.exit >= 0) {
    const pts = layout.exitPoints.map(at);
    const last = pts.at(-1) ?? { x: round(cx), y: frame.y + frame.height };
    const exitOp = graph.ops[graph.exit]!;
    edges.push(
      labelled(
        {
          id: `e:${ids[graph.exit]}->${frame.id}#out`,
          source: ids[graph.exit]!,
          target: frame.id,
          points: [...pts, { x: last.x, y: frame.y + frame.height }],
        },
        outputShape(exitOp, exitOp.outputs[0] ?? ''),
      ),
    );
  }
  return round(cx);
}

/** The shape text of an op's output tensor (`256×56×56`), when the analysis knows it. */
function outputShape(op: OpNode, tensor: string): string | undefined {
  const d = op.outputDims?.[op.outputs.indexOf(tensor)];
  return d ? dimsText(d) : undefined;
}

function inputShape(op: OpNode, tensor: string): string | undefined {
  const d = op.inputDims?.[op.inputs.indexOf(tensor)];
  return d ? dimsText(d) : undefined;
}

/** An op edge with its tensor's shape, written beside the middle of its longest segment. */
function labelled(edge: DiagramEdge, shape: string | undefined): DiagramEdge {
  if (!shape) return edge;
  let best = -1;
  for (let i = 1; i < edge.points.length; i++) {
    const a = edge.points[i - 1]!;
    const b = edge.points[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len > best) {
      best = len;
      edge.labelPos = { x: round((a.x + b.x) / 2 + 4), y: round((a.y + b.y) / 2) };
    }
  }
  if (edge.labelPos) edge.label = shape;
  return edge;
}

function spineEdge(from: DiagramNode, to: DiagramNode, sx: number, tx: number, label?: string): DiagramEdge {
  const sy = from.y + from.height;
  const ty = to.y;
  const my = round((sy + ty) / 2);
  const points =
    sx === tx
      ? [
          { x: sx, y: sy },
          { x: tx, y: ty },
        ]
      : [
          { x: sx, y: sy },
          { x: sx, y: my },
          { x: tx, y: my },
          { x: tx, y: ty },
        ];
  const edge: DiagramEdge = { id: `e:${from.id}->${to.id}`, source: from.id, target: to.id, points };
  if (label) {
    edge.label = label;
    edge.labelPos = { x: round(Math.max(sx, tx) + 6), y: my };
  }
  return edge;
}

/** The residual shortcut of a collapsed block: from its input (the node above), just above the
 *  block, around its right side to where the sum happens at its bottom (He et al. 2016, Fig. 2). */
function shortcutArc(from: DiagramNode, block: DiagramNode, cx: number): DiagramEdge {
  const blockRight = block.x + block.width;
  const ax = round(Math.max(from.x + from.width, blockRight) + ARC_ROOM / 2);
  const sx = round(Math.min(cx + 80, from.x + from.width - 16));
  const sy = from.y + from.height;
  const hy = round(block.y - 8);
  const ty = round(block.y + block.height - Math.min(10, block.height / 4));
  return {
    id: `e:${from.id}->${block.id}#shortcut`,
    source: from.id,
    target: block.id,
    shortcut: true,
    points: [
      { x: sx, y: sy },
      { x: sx, y: hy },
      { x: ax, y: hy },
      { x: ax, y: ty },
      { x: blockRight, y: ty },
    ],
  };
}
