/**
 * Heatmap cells of one block's attention tensor, placed in the area the layout reserved: rows
 * (ResNeSt radix splits, SK paths, 1 for SE/ECA) × K cardinal groups. Each cell's value is the
 * mean of its C/K-channel strip; the strip itself is drawn as thin bins of channels below it.
 */
import type { AttentionBlock } from '../api/contract.js';
import type { DiagramNode } from '../core/diagram.js';

export interface HeatmapRect {
  /** Row (split / path) and cardinal group. */
  r: number;
  k: number;
  /** Channel range within the row [c0, c1) — the whole group for a cell. */
  c0: number;
  c1: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BlockHeatmap {
  rows: number;
  groups: number;
  channels: number;
  cells: HeatmapRect[];
  strips: HeatmapRect[];
}

/** Bins drawn per row at most, so a 2048-channel gate stays a few hundred rects. */
const MAX_BINS_PER_ROW = 64;
/** Height of the mean band at the top of each cell. */
const MEAN_BAND = 4;

function mean(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s / Math.max(1, to - from);
}

/** Rows × groups × channels-per-group of an attention tensor, from its named dims. */
export function heatmapShape(
  att: AttentionBlock,
  cardinality: number,
): { rows: number; groups: number; perGroup: number } {
  const numel = att.shape.reduce((a, b) => a * b, 1);
  const rows = att.dims[0] === 'radix' || att.dims[0] === 'path' ? att.shape[0]! : 1;
  const perRow = numel / rows;
  const ci = att.dims.indexOf('cardinal');
  const groups = ci >= 0 ? att.shape[ci]! : cardinality > 1 && perRow % cardinality === 0 ? cardinality : 1;
  return { rows, groups, perGroup: perRow / groups };
}

export function blockHeatmap(node: DiagramNode, att: AttentionBlock): BlockHeatmap | undefined {
  const area = node.heatmap;
  const values = att.values[0];
  if (!area || !values) return undefined;
  const { rows, groups, perGroup } = heatmapShape(att, node.cardinality ?? 1);
  if (!Number.isInteger(perGroup) || rows * groups * perGroup !== values.length || values.length === 0)
    return undefined;

  const rowH = area.height / rows;
  const gap = groups > 1 && area.width / groups >= 4 ? 1 : 0;
  const cellW = (area.width - gap * (groups - 1)) / groups;
  const bins = Math.min(perGroup, Math.max(1, Math.floor(MAX_BINS_PER_ROW / groups)));
  const cells: HeatmapRect[] = [];
  const strips: HeatmapRect[] = [];
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < groups; k++) {
      const base = (r * groups + k) * perGroup;
      const x = area.x + k * (cellW + gap);
      const y = area.y + r * rowH;
      const h = rowH - 1;
      cells.push({
        r,
        k,
        c0: k * perGroup,
        c1: (k + 1) * perGroup,
        value: mean(values, base, base + perGroup),
        x,
        y,
        width: cellW,
        height: h,
      });
      for (let j = 0; j < bins; j++) {
        const a = Math.floor((j * perGroup) / bins);
        const b = Math.floor(((j + 1) * perGroup) / bins);
        strips.push({
          r,
          k,
          c0: k * perGroup + a,
          c1: k * perGroup + b,
          value: mean(values, base + a, base + b),
          x: x + (j * cellW) / bins,
          y: y + MEAN_BAND,
          width: cellW / bins,
          height: h - MEAN_BAND,
        });
      }
    }
  }
  return { rows, groups, channels: groups * perGroup, cells, strips };
}

/** Value range over every block's first image, for one shared legend. */
export function attentionRange(blocks: readonly AttentionBlock[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const b of blocks) {
    for (const v of b.values[0] ?? []) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 1 };
}
