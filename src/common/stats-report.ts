/**
 * The results of `splitlens stats` and `splitlens scale` (and the Api's stats and scale runs) as
 * plain JSON: per model and attention block, what its attention does over many photos. Shared by
 * the computation (src/stats), the CLI's `-o stats.json`, the Api and the renderer's plots, so the
 * numbers a figure shows are the numbers the file holds. Definitions: docs/statistics.md.
 */
import type { AttentionKind, WeightState } from './model.js';

/** A sample of numbers summarised: moments, quantiles and a histogram on a fixed range. */
export interface Distribution {
  n: number;
  mean: number;
  /** Population standard deviation (0 for one value). */
  std: number;
  min: number;
  max: number;
  /** 5th, 25th, 50th, 75th, 95th percentiles (linear interpolation). */
  quantiles: [number, number, number, number, number];
  /** Counts in `bins` equal bins over [lo, hi]; the last bin includes `hi`. */
  histogram: { lo: number; hi: number; counts: number[] };
}

/** One radix split / SK path within one cardinal group (ResNeSt), or over all channels (SK). */
export interface SplitStats {
  /** Row: radix split or SK path index. */
  split: number;
  /** Cardinal group (0 where the tensor has no cardinal axis). */
  group: number;
  /** Mean over photos of the photo's mean weight over this group's channels. */
  mean: number;
  /** Spread of that per-photo mean over photos (population standard deviation). */
  std: number;
  /** Share of this group's softmaxes (photos × channels) in which this split has the largest weight. */
  winRate: number;
}

/** How much a block's attention varies between photos compared with within one photo. */
export interface VarianceSplit {
  /** Mean over the tensor's entries of their variance across photos. */
  between: number;
  /** Mean over photos of the variance across the tensor's entries of one photo. */
  within: number;
  /** between / within (null when within is 0). Near 0: the same pattern whatever the photo. */
  ratio: number | null;
}

export interface BlockStats {
  /** timm block path (`layer3.2`). */
  block: string;
  /** `layer3`. */
  stage: string;
  kind: AttentionKind;
  /** `radix` (ResNeSt softmax), `path` (SK softmax) or `gate` (SE/ECA/ResNeSt R=1 sigmoid). */
  axis: 'radix' | 'path' | 'gate';
  /** Splits or paths (1 for a gate). */
  rows: number;
  groups: number;
  channelsPerGroup: number;
  /** Photos this block's numbers come from. */
  photos: number;
  /** Softmax blocks: per split and group. */
  splits: SplitStats[];
  /** Softmax blocks: per split over all groups (mean, spread, win rate as in `splits`). */
  splitTotals: SplitStats[];
  /** Softmax blocks: entropy of each softmax (photo × group × channel) divided by log R, in [0, 1]. */
  entropy?: Distribution;
  /** Gates: every gate value (photo × channel), in [0, 1]. */
  gate?: Distribution;
  variance: VarianceSplit;
  /**
   * One number per photo (in the report's photo order; null where the photo did not run): the
   * mean normalised entropy for softmax blocks, the mean gate value for gates.
   */
  perPhoto: (number | null)[];
}

export interface ModelStats {
  model: string;
  weights: WeightState;
  blocks: BlockStats[];
  /** Pearson correlation over photos of the blocks' `perPhoto` values (null: undefined, e.g. < 3 photos). */
  correlation: { blocks: string[]; matrix: (number | null)[][] };
  /** Photos that failed for this model: index → one-line reason. */
  errors: { photo: number; message: string }[];
}

export interface StatsReport {
  kind: 'splitlens-stats';
  version: 1;
  /** The photos, by name, in order (indices in `perPhoto` and `errors` refer to this list). */
  photos: string[];
  /** false: the run was cancelled and these numbers cover the photos done by then. */
  complete: boolean;
  /** Photos × models done. */
  done: number;
  total: number;
  models: ModelStats[];
}

/** One block at one zoom in the scale experiment. */
export interface ZoomPoint {
  zoom: number;
  /** Photos in this point. */
  n: number;
  /** Mean over photos of (last split − first split) weight, averaged over the block's channels. */
  meanDiff: number;
  /** Spread of that per-photo difference (population standard deviation). */
  std: number;
  /** Mean weight of each split / path at this zoom. */
  splitMeans: number[];
}

export interface ScaleBlock {
  block: string;
  stage: string;
  kind: AttentionKind;
  axis: 'radix' | 'path';
  rows: number;
  points: ZoomPoint[];
}

export interface ScaleReport {
  kind: 'splitlens-scale';
  version: 1;
  zooms: number[];
  photos: string[];
  complete: boolean;
  done: number;
  total: number;
  models: { model: string; weights: WeightState; blocks: ScaleBlock[]; errors: { photo: number; message: string }[] }[];
}

/** What every figure and file says about the weights its numbers came from. */
export function weightsNote(weights: WeightState): string {
  return weights === 'pretrained'
    ? 'pretrained weights'
    : 'untrained (random) weights — these statistics are meaningless for the architecture';
}
