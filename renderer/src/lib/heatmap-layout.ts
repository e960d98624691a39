/**
 * How one block's attention tensor is drawn (docs/architectures.md): ResNeSt as an R × K grid of C/K
 * channel strips, SK as paths × channels cut into K groups, SE/ECA (and ResNeSt R=1) as 1 × C cut
 * into K groups. Pure: indices into the flat `values` array plus the per-cell and per-split means.
 */
import type { AttentionBlock } from '../../../src/api/contract';

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
  rowAxis: 'radix' | 'path' | 'gate';
  rows: HeatRow[];
  groups: number;
  channelsPerGroup: number;
}

function mean(values: ArrayLike<number>, start: number, length: number): number {
  let s = 0;
  for (let i = start; i < start + length; i++) s += values[i] ?? 0;
  return length > 0 ? s / length : 0;
}

function grid(
  rowAxis: HeatmapLayout['rowAxis'],
  rows: number,
  groups: number,
  cg: number,
  values: ArrayLike<number>,
): HeatmapLayout {
  const out: HeatRow[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: HeatCell[] = [];
    for (let k = 0; k < groups; k++) {
      const start = r * groups * cg + k * cg;
      cells.push({ r, k, start, length: cg, mean: mean(values, start, cg) });
    }
    const label = rowAxis === 'radix' ? `split ${r}` : rowAxis === 'path' ? `path ${r}` : 'gate';
    out.push({ r, label, cells, mean: mean(values, r * groups * cg, groups * cg) });
  }
  return { rowAxis, rows: out, groups, channelsPerGroup: cg };
}

/** `cardinality` cuts flat channel axes (SK, SE, ECA) into K groups when it divides C. */
export function heatmapLayout(
  block: Pick<AttentionBlock, 'dims' | 'shape'>,
  values: ArrayLike<number>,
  cardinality = 1,
): HeatmapLayout {
  const { dims, shape } = block;
  const k = (c: number) => (cardinality > 1 && c % cardinality === 0 ? cardinality : 1);
  if (dims.length === 3 && dims[0] === 'radix' && dims[1] === 'cardinal') {
    return grid('radix', shape[0]!, shape[1]!, shape[2]!, values);
  }
  if (dims.length === 2 && (dims[0] === 'path' || dims[0] === 'radix')) {
    const c = shape[1]!;
    return grid(dims[0] === 'path' ? 'path' : 'radix', shape[0]!, k(c), c / k(c), values);
  }
  const c = shape.reduce((a, b) => a * b, 1);
  return grid('gate', 1, k(c), c / k(c), values);
}

/** Element-wise a − b (same block, two photos). */
export function difference(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const n = Math.min(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
  return out;
}
