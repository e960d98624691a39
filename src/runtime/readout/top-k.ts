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

export function topK(probs: ArrayLike<number>, k: number, labels: readonly string[]): TopClass[] {
  const idx = Array.from({ length: probs.length }, (_, i) => i);
  idx.sort((a, b) => probs[b]! - probs[a]!);
  return idx
    .slice(0, Math.min(k, idx.length))
    .map((index) => ({ index, label: labels[index] ?? `class ${index}`, prob: probs[index]! }));
}
