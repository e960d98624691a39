/** The difference of one block's attention for two photos, drawn on a diverging scale. */

/** Element-wise a − b (same block, two photos). */
export function difference(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const n = Math.min(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
  return out;
}
