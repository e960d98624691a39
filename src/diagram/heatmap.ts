/**
 * Heatmap cells of one block's attention tensor, placed in the area the layout reserved. The cells
 * are the shared geometry's (src/common/heatmap-geometry.ts, as the UI draws them): rows (ResNeSt
 * radix splits, SK paths, 1 for SE/ECA) × K cardinal groups, each valued by the mean of its
 * C/K-channel strip; the strip itself is drawn as thin bins of channels below it.
 */
import type { AttentionBlock } from '../common/api-types.js';
import { channelBins, heatmapLayout, heatmapShape, meanOf } from '../common/heatmap-geometry.js';
import type { DiagramNode } from '../common/diagram.js';

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

export function blockHeatmap(node: DiagramNode, att: AttentionBlock): BlockHeatmap | undefined {
  const area = node.heatmap;
  const values = att.values;
  if (!area) return undefined;
  const cardinality = node.cardinality ?? 1;
  const { rows, groups, perGroup } = heatmapShape(att, cardinality);
  if (!Number.isInteger(perGroup) || rows * groups * perGroup !== values.length || values.length === 0)
    return undefined;

  const rowH = area.height / rows;
  const gap = groups > 1 && area.width / groups >= 4 ? 1 : 0;
  const cellW = (area.width - gap * (groups - 1)) / groups;
  const bins = channelBins(perGroup, MAX_BINS_PER_ROW / groups);
  const cells: HeatmapRect[] = [];
  const strips: HeatmapRect[] = [];
  for (const row of heatmapLayout(att, values, cardinality).rows) {
    for (const { r, k, start, mean } of row.cells) {
      const x = area.x + k * (cellW + gap);
      const y = area.y + r * rowH;
      const h = rowH - 1;
      cells.push({ r, k, c0: k * perGroup, c1: (k + 1) * perGroup, value: mean, x, y, width: cellW, height: h });
      bins.forEach(({ start: a, end: b }, j) => {
        strips.push({
          r,
          k,
          c0: k * perGroup + a,
          c1: k * perGroup + b,
          value: meanOf(values, start + a, b - a),
          x: x + (j * cellW) / bins.length,
          y: y + MEAN_BAND,
          width: cellW / bins.length,
          height: h - MEAN_BAND,
        });
      });
    }
  }
  return { rows, groups, channels: groups * perGroup, cells, strips };
}
