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
  /** Top-left corner and size in diagram units (px at zoom 1). */
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
  /** Parent group node id (an expanded block's frame). */
  parent?: string;
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
}

export interface Diagram {
  model: string;
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export type Theme = 'light' | 'dark';

export interface DiagramRequest {
  modelId: string;
  /** Blocks shown expanded into their ONNX ops: `all`, `none` or a list of block names. */
  expand?: 'all' | 'none' | string[];
}
