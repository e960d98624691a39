/**
 * An edge drawn along the diagram's own polyline (not React Flow's routing), with its tensor shape
 * as SVG text (a haloed label; cheaper than HTML labels on 1000-node diagrams). The shapes on an
 * expanded block's op edges are dense: they show only from OP_LABEL_ZOOM on, where they are
 * readable (the spine's, sparser, follow the canvas's low-detail mode).
 */
import { memo } from 'react';
import { BaseEdge, useStore, type Edge, type EdgeProps } from '@xyflow/react';
import { labelPoint, type FlowEdgeData } from '../lib/diagram-to-flow';

/** Below this zoom an op edge's 9 px shape would be under 6 px on screen: clutter, not text. */
export const OP_LABEL_ZOOM = 0.7;

export const PolylineEdge = memo(function PolylineEdge({
  id,
  data,
  sourceX,
  sourceY,
  targetX,
  targetY,
}: EdgeProps<Edge<FlowEdgeData>>) {
  const e = data?.edge;
  const readable = useStore((st) => st.transform[2] >= OP_LABEL_ZOOM);
  const showLabel = Boolean(e?.label) && (readable || !data?.op);
  const points =
    e && e.points.length >= 2
      ? e.points
      : [
          { x: sourceX, y: sourceY },
          { x: targetX, y: targetY },
        ];
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
  // src/diagram places labels (left end, vertical middle) so the SVG export matches.
  const at = e?.labelPos ? { x: e.labelPos.x - 6, y: e.labelPos.y } : labelPoint(points);
  return (
    <>
      <BaseEdge id={id} path={path} className={e?.shortcut ? 'edge-shortcut' : 'edge-main'} />
      {showLabel && e?.label && at && (
        <text className="edge-label" x={at.x + 6} y={at.y} dominantBaseline="middle" data-testid="edge-label">
          {e.label}
        </text>
      )}
    </>
  );
});

export const edgeTypes = { polyline: PolylineEdge };
