/** How the op panel writes weight values and shapes: 4 significant digits, shapes with the batch. */
import { dimsText, type Dims } from '../../../src/common/tensor-shape';

/** `0.012345` → `0.01235`, `-3.2e-7` → `-3.200e-7`; 0 stays `0`. */
export function signif(n: number): string {
  if (n === 0) return '0';
  const a = Math.abs(n);
  return a >= 1e-3 && a < 1e5 ? String(Number(n.toPrecision(4))) : n.toExponential(3);
}

/** `[N, 64, 56, 56]` → `N×64×56×56`; unknown → `?`. */
export function shapeText(d: Dims | null | undefined): string {
  return d ? dimsText(d, true) : '?';
}
