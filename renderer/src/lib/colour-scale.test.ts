import { describe, expect, it } from 'vitest';
import { divergingScale, fitScale, inferno, sequentialScale } from './colour-scale';
import { colorFor } from '../../../src/diagram/color-scale';

describe('colour scales', () => {
  it('maps saliency 0..1 onto inferno, clamped', () => {
    expect(inferno(0)).toEqual([0, 0, 4]);
    expect(inferno(0.5)).toEqual([188, 55, 84]);
    expect(inferno(1)).toEqual([252, 255, 164]);
    expect(inferno(2)).toEqual([252, 255, 164]);
    expect(inferno(Number.NaN)).toEqual([0, 0, 4]);
  });
  it('maps the ends of a sequential scale to viridis ends and clamps outside', () => {
    const s = sequentialScale(0.2, 0.8);
    expect(s.rgb(0.2)).toEqual([68, 1, 84]);
    expect(s.rgb(0.8)).toEqual([253, 231, 37]);
    expect(s.rgb(-5)).toEqual([68, 1, 84]);
    expect(s.css(0.8)).toBe('rgb(253 231 37)');
  });

  it('centres a diverging scale on zero', () => {
    const d = divergingScale(0.5);
    expect(d.rgb(0)).toEqual([247, 247, 247]);
    expect(d.rgb(-0.5)).toEqual([33, 102, 172]);
    expect(d.rgb(0.5)).toEqual([178, 24, 43]);
  });

  it('fits the range of the values', () => {
    const s = fitScale([0.3, 0.9, 0.5]);
    expect([s.min, s.max]).toEqual([0.3, 0.9]);
    const d = fitScale([-0.1, 0.4], true);
    expect([d.min, d.max]).toEqual([-0.4, 0.4]);
  });

  it('paints attention exactly as the SVG export does (same viridis, same interpolation)', () => {
    const s = sequentialScale(0.1, 0.9);
    for (let i = 0; i <= 200; i++) {
      const v = 0.1 + (0.8 * i) / 200;
      const hex = colorFor(v, 0.1, 0.9);
      const want = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
      expect(s.rgb(v), `value ${v}`).toEqual(want);
    }
  });
});
