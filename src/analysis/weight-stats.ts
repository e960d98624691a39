/**
 * Statistics of a weight tensor's values for the op properties panel (what Netron users look for
 * when a layer misbehaves): count, min, max, mean, standard deviation (population, as numpy's
 * default), the fraction of exact zeros, and a histogram of equal-width bins over [min, max]
 * (numpy.histogram's edges: the last bin holds the maximum). Pure: values in, numbers out.
 */
import type { WeightStats } from '../common/api-types.js';

export const HISTOGRAM_BINS = 24;

export function weightStats(values: ArrayLike<number>, bins = HISTOGRAM_BINS): WeightStats {
  const count = values.length;
  if (count === 0) return { count: 0, min: 0, max: 0, mean: 0, std: 0, zeros: 0, histogram: { bins: [] } };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  const mean = sum / count;
  // Two passes: the sum of squared deviations, not E[x²] − mean², which cancels badly.
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i]! - mean) ** 2;
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (let i = 0; i < count; i++) {
    const at = width > 0 ? Math.floor((values[i]! - min) / width) : 0;
    counts[Math.min(bins - 1, at)]!++;
  }
  return { count, min, max, mean, std: Math.sqrt(squares / count), zeros: zeros / count, histogram: { bins: counts } };
}
