/**
 * A laid-out block diagram: the one picture that the UI draws with React Flow and that the SVG
 * export writes, so both show the same layout. Produced by `src/diagram/` from an Analysis.
 */
import type { AttentionKind, BlockType } from './model.js';

export type DiagramNodeKind = 'input' | 'stem' | 'stage' | 'block' | 'op' | 'head' | 'output';

export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  label: string;
  /** Second line, e.g. `K=32 R=2 splat` or `3x3 /2 g=64`. */
  detail?: string;
  /** Top-left corner and size in diagram units (px at zoom 1). Absolute, also for child nodes
   *  (React Flow's parent-relative position = x - parent.x). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Block this node is or belongs to (`layer3.2`). */
  block?: string;
  blockType?: BlockType;
  attention?: AttentionKind;
  cardinality?: number;
  radix?: number;
  /** For op nodes: the ONNX op type. */
  opType?: string;
  /** Parent group node id (an expanded block's frame, or a block's stage frame). */
  parent?: string;
  /** Block nodes: drawn as a frame holding its op nodes. */
  expanded?: boolean;
  /** Block nodes with attention: the area reserved for its heatmap (absolute, like x/y). */
  heatmap?: { x: number; y: number; width: number; height: number; rows: number; groups: number };
  /** Output tensor of this node, e.g. `256×56×56`. */
  shape?: string;
}

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  /** Tensor shape carried, e.g. `256×56×56`. */
  label?: string;
  /** Polyline in diagram units, from source to target. */
  points: { x: number; y: number }[];
  /** Residual shortcut (drawn dashed). */
  shortcut?: boolean;
  /** Where the label's text starts (left end, vertical middle), so every drawer places it alike. */
  labelPos?: { x: number; y: number };
}

export interface Diagram {
  model: string;
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Blocks drawn expanded into their ops. */
  expanded?: string[];
}

export type Theme = 'light' | 'dark';

export interface DiagramRequest {
  modelId: string;
  /** Blocks shown expanded into their ONNX ops: `all`, `none` or a list of block names. */
  expand?: 'all' | 'none' | string[];
}
