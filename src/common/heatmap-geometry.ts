/**
 * The geometry of one block's attention heatmap (docs/architectures.md), shared by the UI's
 * heatmaps, the SVG export and the CLI's text summary: ResNeSt as an R × K grid of C/K-channel
 * strips, SK as paths × channels cut into K groups, SE/ECA (and ResNeSt R=1) as 1 × C cut into K
 * groups. Pure: indices into the flat `values` array plus the per-cell and per-row means.
 */
import type { AttentionBlock } from './api-types.js';

type TensorDims = Pick<AttentionBlock, 'dims' | 'shape'>;

export type HeatmapRowAxis = 'radix' | 'path' | 'gate';

/** Rows × cardinal groups × channels per group of an attention tensor. */
export interface HeatmapShape {
  rowAxis: HeatmapRowAxis;
  rows: number;
  groups: number;
  /** Channels per group; not an integer when the tensor does not match its dims. */
  perGroup: number;
}

export interface HeatCell {
  /** Row: radix split or SK path (0 for a single-row gate). */
  r: number;
  /** Cardinal group. */
  k: number;
  /** Index of the first channel of this cell in the flat values. */
  start: number;
  length: number;
  mean: number;
}

export interface HeatRow {
  r: number;
  label: string;
  cells: HeatCell[];
  mean: number;
}

export interface HeatmapLayout {
  rowAxis: HeatmapRowAxis;
  rows: HeatRow[];
  groups: number;
  channelsPerGroup: number;
}

/** Mean of `values[start .. start+length)`; 0 for an empty range. */
export function meanOf(values: ArrayLike<number>, start: number, length: number): number {
  let s = 0;
  for (let i = start; i < start + length; i++) s += values[i] ?? 0;
  return length > 0 ? s / length : 0;
}

/**
 * Rows come from a leading radix/path axis; groups from a `cardinal` axis, or else `cardinality`
 * cuts the flat channel axis into K groups when it divides it.
 */
export function heatmapShape({ dims, shape }: TensorDims, cardinality = 1): HeatmapShape {
  const numel = shape.reduce((a, b) => a * b, 1);
  const rowAxis: HeatmapRowAxis = dims[0] === 'radix' ? 'radix' : dims[0] === 'path' ? 'path' : 'gate';
  const rows = rowAxis === 'gate' ? 1 : shape[0]!;
  const perRow = numel / rows;
  const ci = dims.indexOf('cardinal');
  const groups = ci >= 0 ? shape[ci]! : cardinality > 1 && perRow % cardinality === 0 ? cardinality : 1;
  return { rowAxis, rows, groups, perGroup: perRow / groups };
}

/** Every cell of the heatmap of `values` (one image's flat tensor, in `dims` order). */
export function heatmapLayout(block: TensorDims, values: ArrayLike<number>, cardinality = 1): HeatmapLayout {
  const { rowAxis, rows, groups, perGroup: cg } = heatmapShape(block, cardinality);
  const out: HeatRow[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: HeatCell[] = [];
    for (let k = 0; k < groups; k++) {
      const start = r * groups * cg + k * cg;
      cells.push({ r, k, start, length: cg, mean: meanOf(values, start, cg) });
    }
    const label = rowAxis === 'radix' ? `split ${r}` : rowAxis === 'path' ? `path ${r}` : 'gate';
    out.push({ r, label, cells, mean: meanOf(values, r * groups * cg, groups * cg) });
  }
  return { rowAxis, rows: out, groups, channelsPerGroup: cg };
}

/** Channel range [start, end) of one bin of a strip. */
export interface ChannelBin {
  start: number;
  end: number;
}

/**
 * Cuts a strip of `length` channels into at most `maxBins` equal bins (one per channel when they
 * fit), so a strip narrower than its channels is drawn one bin per pixel instead of a moiré of
 * sub-pixel channels: the UI passes the strip's pixel width, the SVG export its bin budget.
 */
export function channelBins(length: number, maxBins: number): ChannelBin[] {
  const bins = Math.min(length, Math.max(1, Math.floor(maxBins)));
  return Array.from({ length: length > 0 ? bins : 0 }, (_, j) => ({
    start: Math.floor((j * length) / bins),
    end: Math.floor(((j + 1) * length) / bins),
  }));
}

/** Value range over every block, for one shared legend ({0, 1} when there is none). */
export function attentionRange(blocks: readonly Pick<AttentionBlock, 'values'>[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const b of blocks) {
    for (const v of b.values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 1 };
}
