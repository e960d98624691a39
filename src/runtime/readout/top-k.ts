/** Softmax and top-k over logits, in float64 for a stable sum. */
import type { TopClass } from '../../common/api-types.js';

export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/**
 * The `k` most probable classes, most probable first; ties keep the lower index first (as a stable
 * sort would). One pass keeping the best `k` so far: sorting all 1,000 classes for five took
 * ~0.6 ms a prediction.
 */
export function topK(probs: ArrayLike<number>, k: number, labels: readonly string[]): TopClass[] {
  const n = Math.min(k, probs.length);
  const best: number[] = [];
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (best.length === n && !(p > probs[best[n - 1]!]!)) continue;
    let at = best.length === n ? n - 1 : best.length;
    while (at > 0 && p > probs[best[at - 1]!]!) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best.map((index) => ({ index, label: labels[index] ?? `class ${index}`, prob: probs[index]! }));
}
