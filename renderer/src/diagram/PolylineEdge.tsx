/**
 * An edge drawn along the diagram's own polyline (not React Flow's routing), with its tensor shape
 * as SVG text (a haloed label; cheaper than HTML labels on 1000-node diagrams).
 */
import { memo } from 'react';
import { BaseEdge, type Edge, type EdgeProps } from '@xyflow/react';
import { labelPoint, type FlowEdgeData } from '../lib/diagram-to-flow';

export const PolylineEdge = memo(function PolylineEdge({
  id,
  data,
  sourceX,
  sourceY,
  targetX,
  targetY,
}: EdgeProps<Edge<FlowEdgeData>>) {
  const e = data?.edge;
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
      {e?.label && at && (
        <text className="edge-label" x={at.x + 6} y={at.y} dominantBaseline="middle" data-testid="edge-label">
          {e.label}
        </text>
      )}
    </>
  );
});

export const edgeTypes = { polyline: PolylineEdge };
