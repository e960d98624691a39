import { describe, expect, it } from 'vitest';
import { camGrid } from './cam.js';
import { cropWindow, IMAGENET_DEFAULT } from '../image/preprocess.js';

describe('class activation map', () => {
  // Two channels on a 2×3 grid; class 1 weighs channel 0 by +1 and channel 1 by -1.
  const features = { data: Float32Array.from([0, 1, 2, 3, 4, 5, /* ch1 */ 1, 1, 1, 1, 1, 7]), dims: [1, 2, 2, 3] };
  const head = { features: 'f', weight: Float32Array.from([9, 9, 1, -1]), classes: 2, channels: 2 };

  it('weights the feature maps by the class row and scales to 0..1', () => {
    const g = camGrid(features, head, 1);
    // raw: [-1, 0, 1, 2, 3, -2] → min -2, max 3
    expect(Array.from(g.data)).toEqual([1, 2, 3, 4, 5, 0].map((v) => v / 5).map(Math.fround));
    expect([g.h, g.w]).toEqual([2, 3]);
  });

  it("maps timm's centre crop back to photo pixels", () => {
    // 600×400 → short side floor(224 / 0.875) = 256, long 384; crop offsets (80, 16) → (125, 25) photo px.
    const w = cropWindow(600, 400, IMAGENET_DEFAULT);
    expect(w).toEqual({ width: 600, height: 400, left: 125, top: 25, cropWidth: 350, cropHeight: 350 });
  });
});
