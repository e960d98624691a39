/**
 * One block's attention over many photos → its statistics (docs/statistics.md): per split and
 * cardinal group the mean weight, its spread over photos and its win rate; the normalised entropy
 * of every radix/path softmax; gate value distributions; the between- vs within-photo variance.
 * Pure computations over the raw tensors exactly as `splitlens attention --json` prints them (one
 * flat array per photo in the tap's `dims` order), laid out as the heatmaps read them.
 */
import type { AttentionBlock } from '../common/api-types.js';
import { heatmapShape } from '../common/heatmap-geometry.js';
import type { BlockStats, SplitStats } from '../common/stats-report.js';
import { distribution, mean, std, variance } from './distribution.js';

/** One block's raw attention for the photos that ran: photo index → that photo's flat tensor. */
export interface BlockSamples {
  block: Pick<AttentionBlock, 'name' | 'kind' | 'dims' | 'shape'>;
  values: Map<number, ArrayLike<number>>;
}

export interface BlockLayout {
  axis: 'radix' | 'path' | 'gate';
  rows: number;
  groups: number;
  channelsPerGroup: number;
}

export function blockLayout(block: Pick<AttentionBlock, 'dims' | 'shape'>): BlockLayout {
  const s = heatmapShape(block);
  return { axis: s.rowAxis, rows: s.rows, groups: s.groups, channelsPerGroup: s.perGroup };
}

/** `layer3.2` → `layer3` (the stage a timm block path belongs to). */
export function stageOf(block: string): string {
  const dot = block.indexOf('.');
  return dot > 0 ? block.slice(0, dot) : block;
}

/** Entropy of the R weights `a[r·stride + at]`, r < R, divided by log R (0 decisive, 1 uniform). */
export function normalisedEntropy(a: ArrayLike<number>, at: number, stride: number, rows: number): number {
  let h = 0;
  for (let r = 0; r < rows; r++) {
    const p = a[r * stride + at]!;
    if (p > 0) h -= p * Math.log(p);
  }
  return h / Math.log(rows);
}

/** The split with the largest weight at `at` (ties: the lowest index). */
export function winner(a: ArrayLike<number>, at: number, stride: number, rows: number): number {
  let best = 0;
  for (let r = 1; r < rows; r++) if (a[r * stride + at]! > a[best * stride + at]!) best = r;
  return best;
}

/** Between-photo and within-photo variance of a block's entries (every photo has the same length). */
function varianceSplit(photos: ArrayLike<number>[]): BlockStats['variance'] {
  if (!photos.length) return { between: 0, within: 0, ratio: null };
  const n = photos[0]!.length;
  let between = 0;
  const column = new Float64Array(photos.length);
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < photos.length; p++) column[p] = photos[p]![j]!;
    between += variance(column);
  }
  between /= n || 1;
  const within = mean(photos.map((v) => variance(v)));
  return { between, within, ratio: within > 0 ? between / within : null };
}

/** The statistics of one block over the photos in `samples` (`photoCount`: the report's photo list length). */
export function blockStats(samples: BlockSamples, photoCount: number): BlockStats {
  const { block } = samples;
  const layout = blockLayout(block);
  const { axis, rows, groups, channelsPerGroup: cg } = layout;
  const order = [...samples.values.keys()].sort((a, b) => a - b);
  const photos = order.map((i) => samples.values.get(i)!);
  const stride = groups * cg;
  const perPhoto = new Array<number | null>(photoCount).fill(null);
  const base = {
    block: block.name,
    stage: stageOf(block.name),
    kind: block.kind,
    axis,
    rows,
    groups,
    channelsPerGroup: cg,
    photos: photos.length,
    variance: varianceSplit(photos),
  };

  if (axis === 'gate') {
    const all = new Float64Array(photos.length * stride);
    photos.forEach((v, p) => {
      for (let j = 0; j < stride; j++) all[p * stride + j] = v[j]!;
      perPhoto[order[p]!] = mean(Array.prototype.slice.call(v, 0, stride) as number[]);
    });
    return { ...base, splits: [], splitTotals: [], gate: distribution(all), perPhoto };
  }

  // Softmax over `rows` splits at every (group, channel): per photo, per group, per split the mean weight,
  // win counts and the entropies.
  const entropies = new Float64Array(photos.length * stride);
  const wins = new Float64Array(rows * groups);
  const groupMeans = Array.from({ length: rows * groups }, () => new Float64Array(photos.length));
  const totalMeans = Array.from({ length: rows }, () => new Float64Array(photos.length));
  const totalWins = new Float64Array(rows);
  photos.forEach((v, p) => {
    let hSum = 0;
    for (let k = 0; k < groups; k++) {
      for (let c = 0; c < cg; c++) {
        const at = k * cg + c;
        const h = normalisedEntropy(v, at, stride, rows);
        entropies[p * stride + at] = h;
        hSum += h;
        const w = winner(v, at, stride, rows);
        wins[w * groups + k]!++;
        totalWins[w]!++;
      }
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < cg; c++) s += v[r * stride + k * cg + c]!;
        groupMeans[r * groups + k]![p] = s / cg;
      }
    }
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < stride; j++) s += v[r * stride + j]!;
      totalMeans[r]![p] = s / stride;
    }
    perPhoto[order[p]!] = hSum / stride;
  });
  const n = photos.length;
  const splits: SplitStats[] = [];
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < groups; k++) {
      const m = groupMeans[r * groups + k]!;
      splits.push({
        split: r,
        group: k,
        mean: mean(m),
        std: std(m),
        winRate: n ? wins[r * groups + k]! / (n * cg) : 0,
      });
    }
  }
  const splitTotals: SplitStats[] = totalMeans.map((m, r) => ({
    split: r,
    group: 0,
    mean: mean(m),
    std: std(m),
    winRate: n ? totalWins[r]! / (n * stride) : 0,
  }));
  return { ...base, splits, splitTotals, entropy: distribution(entropies), perPhoto };
}
