import { describe, expect, it } from 'vitest';
import { topK } from './top-k.js';

/** The reference: every class sorted (stable), the first k kept. */
function sortedTopK(probs: number[], k: number): number[] {
  return probs
    .map((_, i) => i)
    .sort((a, b) => probs[b]! - probs[a]!)
    .slice(0, k);
}

describe('topK', () => {
  it('equals a full stable sort, ties and all, for every k', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 50; trial++) {
      // Few distinct values: many ties, which must keep the lower index first.
      const n = 1 + Math.floor(rand() * 40);
      const probs = Array.from({ length: n }, () => Math.floor(rand() * 6) / 6);
      for (const k of [0, 1, 2, 5, n, n + 3]) {
        const labels = probs.map((_, i) => `c${i}`);
        const got = topK(probs, k, labels);
        expect(got.map((t) => t.index)).toEqual(sortedTopK(probs, k));
        expect(got.every((t) => t.label === `c${t.index}` && t.prob === probs[t.index])).toBe(true);
      }
    }
  });
});
