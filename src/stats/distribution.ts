/**
 * Summaries of a sample of numbers used by every statistic: mean, population spread, quantiles,
 * a fixed-range histogram and Pearson correlation. Pure and deterministic (no sampling), so a
 * report is the same run to run.
 */
import type { Distribution } from '../common/stats-report.js';

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length ? s / xs.length : 0;
}

/** Population variance (divides by n). */
export function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return xs.length ? s / xs.length : 0;
}

export const std = (xs: ArrayLike<number>): number => Math.sqrt(variance(xs));

/** Percentile p ∈ [0, 1] of sorted values, interpolated linearly (numpy's default). */
function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return 0;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export const HISTOGRAM_BINS = 20;

/** The sample's moments, quantiles and a histogram of `bins` bins over [lo, hi] (values outside are clamped in). */
export function distribution(xs: ArrayLike<number>, lo = 0, hi = 1, bins = HISTOGRAM_BINS): Distribution {
  const sorted = Float64Array.from(xs as ArrayLike<number>).sort();
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    const b = Math.floor(((sorted[i]! - lo) / (hi - lo)) * bins);
    counts[Math.max(0, Math.min(bins - 1, b))]!++;
  }
  return {
    n: sorted.length,
    mean: mean(sorted),
    std: std(sorted),
    min: sorted.length ? sorted[0]! : 0,
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    quantiles: [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => percentile(sorted, p)) as Distribution['quantiles'],
    histogram: { lo, hi, counts },
  };
}

/** Pearson correlation of paired samples; null when undefined (fewer than 3 pairs or a constant side). */
export function pearson(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length || a.length < 3) return null;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa <= 1e-24 || sbb <= 1e-24) return null;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}
