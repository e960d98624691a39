/**
 * The React Flow canvas of one model's diagram, at the coordinates src/diagram computed (no layout
 * here). Click selects a block (synchronised across models), double-click expands/collapses it.
 */
import { useCallback, useEffect, useMemo } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Node, type NodeMouseHandler } from '@xyflow/react';
import type { Diagram } from '../../../src/api/contract';
import { toggleExpand } from '../app/actions';
import { diagramToFlow, type FlowNodeData } from '../lib/diagram-to-flow';
import { useViewStore } from '../stores/view-store';
import { nodeTypes } from './DiagramNodes';
import { edgeTypes } from './PolylineEdge';

const proOptions = { hideAttribution: true };

export function DiagramCanvas({ diagram, modelId, expanded }: { diagram: Diagram; modelId: string; expanded: string[] }) {
  const theme = useViewStore((s) => s.theme);
  const { nodes, edges } = useMemo(() => diagramToFlow(diagram, modelId, expanded), [diagram, modelId, expanded]);
  const flow = useReactFlow();

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

  // Bring the selected node into view when it is chosen from search or another model.
  const selectedNode = useViewStore((s) => s.selectedNode);
  const selectedBlock = useViewStore((s) => s.selectedBlock);
  useEffect(() => {
    const n = diagram.nodes.find((x) => x.id === selectedNode) ?? diagram.nodes.find((x) => x.block === selectedBlock && x.kind === 'block');
    if (!n) return;
    const vp = flow.getViewport();
    const el = document.querySelector('.diagram-canvas');
    const w = el?.clientWidth ?? 800;
    const h = el?.clientHeight ?? 600;
    const cx = n.x + n.width / 2;
    const cy = n.y + n.height / 2;
    const sx = cx * vp.zoom + vp.x;
    const sy = cy * vp.zoom + vp.y;
    if (sx < 40 || sy < 40 || sx > w - 40 || sy > h - 40) void flow.setCenter(cx, cy, { zoom: Math.max(vp.zoom, 0.8), duration: 250 });
  }, [selectedNode, selectedBlock, diagram, flow]);

  return (
    <ReactFlow
      className="diagram-canvas"
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
      minZoom={0.05}
      maxZoom={3}
      fitView
      fitViewOptions={{ padding: 0.08, maxZoom: 1 }}
      proOptions={proOptions}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable className="minimap" nodeStrokeWidth={2} />
    </ReactFlow>
  );
}
