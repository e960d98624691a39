/**
 * Sizes shared by the layout and every drawer (SVG export, React Flow UI): font sizes, node
 * sizes, gaps. Text widths are estimated (no font metrics on the Node side), generously enough
 * for DejaVu Sans / Helvetica at these sizes.
 */

export const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Helvetica, Arial, sans-serif";
export const LABEL_SIZE = 12;
export const DETAIL_SIZE = 10;
export const EDGE_LABEL_SIZE = 9;

/** Outer margin of the whole diagram. */
export const MARGIN = 24;
/** Vertical gap between consecutive spine nodes (room for the shape label). */
export const SPINE_GAP = 34;
/** Room right of a block for its shortcut arc. */
export const ARC_ROOM = 22;

export const BLOCK_WIDTH = 260;
export const BLOCK_HEADER = 42;
export const SPINE_NODE = { width: 220, height: 42 } as const;

export const STAGE_HEADER = 24;
export const STAGE_PAD = 12;

export const HEATMAP_ROW = 12;
export const HEATMAP_PAD = 8;
export const HEATMAP_MAX_WIDTH = 240;

export const OP_HEIGHT = 34;
export const OP_HEIGHT_PLAIN = 24;
export const OP_MIN_WIDTH = 80;
export const FRAME_PAD = 14;

/** Approximate advance width of `text` at `size` px (sans-serif, mostly ASCII). */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text) {
    if ("il.,:;|!'1 ".includes(ch)) units += 0.34;
    else if ('mwMW@'.includes(ch)) units += 0.9;
    else if (ch >= 'A' && ch <= 'Z') units += 0.7;
    else units += 0.6;
  }
  return Math.ceil(units * size);
}

/** A diagram coordinate or length, kept to one decimal. */
export function round(v: number): number {
  return Math.round(v * 10) / 10;
}
