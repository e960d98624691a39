import { describe, expect, it } from 'vitest';
import { saliencyOnPhoto } from './saliency-upsample.js';

describe('saliencyOnPhoto', () => {
  it('puts the grid on the photo through the crop window, zero outside it', () => {
    const grid = { width: 2, height: 2, values: Float32Array.from([0, 1, 0, 1]) };
    const map = saliencyOnPhoto(grid, { width: 8, height: 4, left: 2, top: 0, cropWidth: 4, cropHeight: 4 });
    expect([map.width, map.height]).toEqual([8, 4]);
    const row = Array.from(map.values.slice(0, 8));
    expect(row.slice(0, 2)).toEqual([0, 0]);
    expect(row.slice(6)).toEqual([0, 0]);
    expect(row.slice(2, 6)).toEqual([0, 0.25, 0.75, 1]);
  });

  it('caps the longer side at maxSide, keeping the aspect', () => {
    const grid = { width: 1, height: 1, values: Float32Array.from([1]) };
    const map = saliencyOnPhoto(
      grid,
      { width: 2000, height: 1000, left: 500, top: 0, cropWidth: 1000, cropHeight: 1000 },
      100,
    );
    expect([map.width, map.height]).toEqual([100, 50]);
    expect(map.values[0]).toBe(0);
    expect(map.values[25 * 100 + 50]).toBe(1);
  });
});
