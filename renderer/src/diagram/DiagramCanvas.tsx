/**
 * The React Flow canvas of one model's diagram, at the coordinates src/diagram computed (no layout
 * here). Click selects a block (synchronised across models), double-click expands/collapses it.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Node,
  type NodeMouseHandler,
} from '@xyflow/react';
import type { Diagram } from '../../../src/api/contract';
import { toggleExpand } from '../app/actions';
import { diagramToFlow, type FlowNodeData } from '../lib/diagram-to-flow';
import { useViewStore } from '../stores/view-store';
import { nodeTypes } from './DiagramNodes';
import { edgeTypes } from './PolylineEdge';

const proOptions = { hideAttribution: true };
const MINIMAP_SIZE = { width: 150, height: 110 };
const minimapColor = (n: Node) =>
  n.type === 'frame' ? 'transparent' : n.type === 'op' ? 'var(--text-3)' : 'var(--node-border)';

/** Below this zoom text is unreadable anyway: drop it (and shadows) so big diagrams paint fast. */
const LOW_DETAIL_ZOOM = 0.4;
const FAR_ZOOM = 0.12;

/** The canvas's size in pixels (a default before it is laid out). */
function canvasSize(): { w: number; h: number } {
  const el = document.querySelector('.diagram-canvas');
  return { w: el?.clientWidth ?? 800, h: el?.clientHeight ?? 600 };
}

export function DiagramCanvas({
  diagram,
  modelId,
  expanded,
}: {
  diagram: Diagram;
  modelId: string;
  expanded: string[];
}) {
  const theme = useViewStore((s) => s.theme);
  const flowGraph = useMemo(() => diagramToFlow(diagram, modelId, expanded), [diagram, modelId, expanded]);
  const flow = useReactFlow();
  const lowDetail = useStore((s) => s.transform[2] < LOW_DETAIL_ZOOM);
  // Far out, an expanded block's ops are specks: draw the frames only (and the ops again on zoom in).
  const farOut = useStore((s) => s.transform[2] < FAR_ZOOM);
  const nodes = useMemo(
    () => (farOut ? flowGraph.nodes.map((n) => (n.type === 'op' ? { ...n, hidden: true } : n)) : flowGraph.nodes),
    [flowGraph, farOut],
  );
  const edges = flowGraph.edges;

  const onClick: NodeMouseHandler<Node<FlowNodeData>> = useCallback((_, node) => {
    const n = node.data.node;
    useViewStore.getState().select(n.block, n.id);
  }, []);
  const onDoubleClick: NodeMouseHandler<Node<FlowNodeData>> = useCallback(
    (_, node) => {
      const block = node.data.node.block;
      if (block && (node.data.node.kind === 'block' || node.type === 'frame')) toggleExpand(modelId, block);
    },
    [modelId],
  );

  // First view: the top of the diagram at a readable zoom (a deep network is far taller than wide).
  const startView = useCallback(() => {
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
    const el = document.querySelector('.diagram-canvas');
    if (!frame || !el) return;
    pendingFocus.current = undefined;
    const pad = 40;
    const zoom = Math.min(1, (el.clientWidth - pad) / frame.width, (el.clientHeight - pad) / frame.height);
    void flow.setCenter(frame.x + frame.width / 2, frame.y + frame.height / 2, {
      zoom: Math.max(0.01, zoom),
      duration: 250,
    });
  }, [expanded, diagram, flow]);

  // Bring the selected node into view when it is chosen from search or another model.
  const selectedNode = useViewStore((s) => s.selectedNode);
  const selectedBlock = useViewStore((s) => s.selectedBlock);
  const centred = useRef<string | undefined>(undefined);
  useEffect(() => {
    const exact = diagram.nodes.find((x) => x.id === selectedNode);
    const n = exact ?? diagram.nodes.find((x) => x.block === selectedBlock && x.kind === 'block');
    // Only a new selection moves the view (not a new layout of the same selection); an op found
    // by search moves it again once its block is expanded and the op is drawn.
    const key = `${selectedNode}|${selectedBlock}|${exact ? 'exact' : 'block'}`;
    if (!n || centred.current === key) return;
    centred.current = key;
    const vp = flow.getViewport();
    const { w, h } = canvasSize();
    const cx = n.x + n.width / 2;
    const cy = n.y + n.height / 2;
    const sx = cx * vp.zoom + vp.x;
    const sy = cy * vp.zoom + vp.y;
    if (sx < 40 || sy < 40 || sx > w - 40 || sy > h - 40)
      void flow.setCenter(cx, cy, { zoom: Math.max(vp.zoom, 0.8), duration: 250 });
  }, [selectedNode, selectedBlock, diagram, flow]);

  return (
    <ReactFlow
      className={lowDetail ? 'diagram-canvas low-detail' : 'diagram-canvas'}
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      colorMode={theme}
      onNodeClick={onClick}
      onNodeDoubleClick={onDoubleClick}
      onPaneClick={() => useViewStore.getState().select(undefined)}
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
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      <MiniMap
        pannable
        zoomable
        className="minimap"
        style={MINIMAP_SIZE}
        nodeColor={minimapColor}
        nodeStrokeWidth={0}
      />
    </ReactFlow>
  );
}
