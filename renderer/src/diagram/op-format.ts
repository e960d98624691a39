/** How the op panel writes shapes: with the batch (`N×64×56×56`); values use `formatWeightValue`. */
import { dimsText, type Dims } from '../../../src/common/tensor-shape';

/** `[N, 64, 56, 56]` → `N×64×56×56`; unknown → `?`. */
export function shapeText(d: Dims | null | undefined): string {
  return d ? dimsText(d, true) : '?';
}
