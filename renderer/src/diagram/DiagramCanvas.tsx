/**
 * The React Flow canvas of one model's diagram, at the coordinates src/diagram computed (wrapped
 * into columns for an overview of a tall graph, src/common/diagram-wrap.ts). Click selects a block
 * (synchronised across models and panes), double-click expands/collapses it. Semantic zoom: far
 * out, expanded blocks draw as one summary box each (DiagramNodes.tsx) and the minimap shows them.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  useStoreApi,
  type Node,
  type NodeMouseHandler,
} from '@xyflow/react';
import type { Diagram } from '../../../src/api/contract';
import { wrapDiagram } from '../../../src/common/diagram-wrap';
import { toggleExpand } from '../app/actions';
import { diagramToFlow, type FlowNodeData } from '../lib/diagram-to-flow';
import { useViewStore } from '../stores/view-store';
import { LOW_DETAIL_ZOOM, useFarOut, usePane, useSelectionOrigin } from './diagram-panes';
import { nodeTypes } from './DiagramNodes';
import { edgeTypes } from './PolylineEdge';
import './diagram-zoom.css';

const proOptions = { hideAttribution: true };
const MINIMAP_SIZE = { width: 150, height: 110 };
/** Minimap boxes: blocks (collapsed or expanded) in their attention colour, ops grey, stages bare. */
function minimapColor(n: Node): string {
  const d = (n.data as FlowNodeData).node;
  if (d.kind === 'stage') return 'transparent';
  if (d.kind === 'op') return 'var(--text-3)';
  if (d.kind === 'block') return d.attention && d.attention !== 'none' ? `var(--${d.attention})` : 'var(--attn-none)';
  return 'var(--node-border)';
}
const minimapClass = (n: Node) => `mm-${(n.data as FlowNodeData).node.kind}`;

/** Sets `--zoom` on the canvas, so summary text can be sized for the screen in CSS. */
function ZoomVariable() {
  const zoom = useStore((s) => s.transform[2]);
  const dom = useStore((s) => s.domNode);
  useEffect(() => {
    dom?.style.setProperty('--zoom', String(zoom));
  }, [dom, zoom]);
  return null;
}

export function DiagramCanvas({
  diagram: laidOut,
  modelId,
  expanded,
  wrap = false,
}: {
  diagram: Diagram;
  modelId: string;
  expanded: string[];
  /** Wrap a tall diagram into columns of about the canvas's aspect. */
  wrap?: boolean;
}) {
  const theme = useViewStore((s) => s.theme);
  const pane = usePane();
  const store = useStoreApi();
  // The canvas's aspect in steps, so resizing a little does not lay the columns out again.
  const aspect = useStore((s) => (s.width > 0 && s.height > 0 ? Math.round((s.width / s.height) * 4) / 4 : 0));
  const diagram = useMemo(() => (wrap && aspect > 0 ? wrapDiagram(laidOut, aspect) : laidOut), [laidOut, wrap, aspect]);
  const flowGraph = useMemo(() => diagramToFlow(diagram, modelId, expanded), [diagram, modelId, expanded]);
  const flow = useReactFlow();
  const lowDetail = useStore((s) => s.transform[2] < LOW_DETAIL_ZOOM);
  // Far out, an expanded block's ops are specks: draw the frames only (and the ops again on zoom in).
  const farOut = useFarOut();
  /** The canvas's size in pixels (a default before it is laid out). */
  const canvasSize = useCallback(() => {
    const { width, height } = store.getState();
    return { w: width || 800, h: height || 600 };
  }, [store]);
  const nodes = useMemo(
    () => (farOut ? flowGraph.nodes.map((n) => (n.type === 'op' ? { ...n, hidden: true } : n)) : flowGraph.nodes),
    [flowGraph, farOut],
  );
  const edges = flowGraph.edges;

  const onClick: NodeMouseHandler<Node<FlowNodeData>> = useCallback(
    (_, node) => {
      const n = node.data.node;
      useSelectionOrigin.getState().setPane(pane.id);
      useViewStore.getState().select(n.block, n.id);
    },
    [pane.id],
  );
  const onDoubleClick: NodeMouseHandler<Node<FlowNodeData>> = useCallback(
    (_, node) => {
      const block = node.data.node.block;
      if (!block || (node.data.node.kind !== 'block' && node.type !== 'frame')) return;
      if (pane.toggle) pane.toggle(block);
      else toggleExpand(modelId, block);
    },
    [modelId, pane],
  );

  const wrapAsked = useRef(wrap);
  useEffect(() => {
    wrapAsked.current = wrap;
  }, [wrap]);
  // First view: the top of the diagram at a readable zoom (a deep network is far taller than wide).
  const startView = useCallback(() => {
    // A wrapped overview is fitted instead, once its columns are laid out (below).
    if (wrapAsked.current) return;
    const { w, h } = canvasSize();
    const zoom = Math.max(0.05, Math.min(1, (w - 48) / diagram.width));
    const y = diagram.height * zoom <= h - 32 ? (h - diagram.height * zoom) / 2 : 16;
    void flow.setViewport({ x: (w - diagram.width * zoom) / 2, y, zoom });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the first layout positions the view
  }, []);

  // A block just expanded: once its layout arrives, frame its ops (the layout grew around it).
  const before = useRef(expanded);
  const pendingFocus = useRef<string | undefined>(undefined);
  useEffect(() => {
    const added = expanded.find((b) => !before.current.includes(b));
    before.current = expanded;
    if (added) pendingFocus.current = added;
    const frame = diagram.nodes.find((n) => n.kind === 'block' && n.block === pendingFocus.current && n.expanded);
    if (!frame) return;
    pendingFocus.current = undefined;
    const pad = 40;
    const { w, h } = canvasSize();
    const zoom = Math.min(1, (w - pad) / frame.width, (h - pad) / frame.height);
    void flow.setCenter(frame.x + frame.width / 2, frame.y + frame.height / 2, {
      zoom: Math.max(0.01, zoom),
      duration: 250,
    });
  }, [expanded, diagram, flow, canvasSize]);

  // A wrapped overview (a big graph, or Wrap pressed) opens fitted: the whole graph in view.
  const wrapped = diagram !== laidOut;
  const wasWrapped = useRef(false);
  const width = useStore((s) => s.width);
  // …and fitted again when the canvas changes shape, which lays its columns out anew.
  const fittedAspect = useRef(0);
  useEffect(() => {
    if (wrapped && (!wasWrapped.current || fittedAspect.current !== aspect) && width > 0) {
      fittedAspect.current = aspect;
      pendingFocus.current = undefined;
      // After React Flow has taken the wrapped nodes into its store.
      requestAnimationFrame(() => void flow.fitView({ padding: 0.04, duration: 200 }));
    }
    if (width > 0) wasWrapped.current = wrapped;
  }, [wrapped, width, aspect, flow]);

  // The canvas resized (a pane added or closed, the sidebar folded): keep what was in its centre there.
  const lastWidth = useRef(0);
  useEffect(() => {
    const before = lastWidth.current;
    lastWidth.current = width;
    if (!before || !width || before === width || wrapAsked.current) return;
    const vp = flow.getViewport();
    void flow.setViewport({ ...vp, x: vp.x + (width - before) / 2 });
  }, [width, flow]);

  // Bring the selected node into view when it is chosen from search or another model. Side by side,
  // a block selected in another pane is centred here (at this pane's zoom): navigation by block.
  const origin = useSelectionOrigin((s) => s.pane);
  const synced = pane.diffs !== undefined && origin !== undefined && origin !== pane.id;
  const selectedNode = useViewStore((s) => s.selectedNode);
  const selectedBlock = useViewStore((s) => s.selectedBlock);
  const centred = useRef<string | undefined>(undefined);
  useEffect(() => {
    const exact = diagram.nodes.find((x) => x.id === selectedNode);
    const n = exact ?? diagram.nodes.find((x) => x.block === selectedBlock && x.kind === 'block');
    // Only a new selection moves the view (not a new layout of the same selection); an op found
    // by search moves it again once its block is expanded and the op is drawn.
    const key = `${selectedNode}|${selectedBlock}|${exact ? 'exact' : 'block'}|${synced ? origin : ''}`;
    if (!n || centred.current === key) return;
    centred.current = key;
    const vp = flow.getViewport();
    const { w, h } = canvasSize();
    const cx = n.x + n.width / 2;
    const cy = n.y + n.height / 2;
    const sx = cx * vp.zoom + vp.x;
    const sy = cy * vp.zoom + vp.y;
    if (synced) void flow.setCenter(cx, cy, { zoom: vp.zoom, duration: 250 });
    else if (sx < 40 || sy < 40 || sx > w - 40 || sy > h - 40)
      void flow.setCenter(cx, cy, { zoom: Math.max(vp.zoom, 0.8), duration: 250 });
  }, [selectedNode, selectedBlock, diagram, flow, synced, origin, canvasSize]);

  return (
    <ReactFlow
      className={`diagram-canvas${lowDetail ? ' low-detail' : ''}${farOut ? ' far-out' : ''}`}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      colorMode={theme}
      onNodeClick={onClick}
      onNodeDoubleClick={onDoubleClick}
      onPaneClick={() => {
        useSelectionOrigin.getState().setPane(pane.id);
        useViewStore.getState().select(undefined);
      }}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      zoomOnDoubleClick={false}
      onlyRenderVisibleElements
      minZoom={0.01}
      maxZoom={3}
      onInit={startView}
      proOptions={proOptions}
    >
      <ZoomVariable />
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      <MiniMap
        pannable
        zoomable
        className="minimap"
        style={MINIMAP_SIZE}
        nodeColor={minimapColor}
        nodeClassName={minimapClass}
        nodeStrokeWidth={0}
        nodeBorderRadius={0}
      />
    </ReactFlow>
  );
}
