import { describe, expect, it } from 'vitest';
import { colorFor, divergingScale, fitScale, inferno, inkFor, sequentialScale, VIRIDIS } from './colour-scale.js';

describe('viridis (colorFor, the SVG export)', () => {
  it('hits the viridis anchors at their positions and clamps outside the range', () => {
    VIRIDIS.forEach((hex, i) => expect(colorFor(2 + (3 * i) / 10, 2, 5)).toBe(hex));
    expect(colorFor(-10, 0, 1)).toBe(VIRIDIS[0]);
    expect(colorFor(10, 0, 1)).toBe(VIRIDIS[10]);
  });
  it('is monotonic in green, so every colour maps back to one value', () => {
    let last = -1;
    for (let i = 0; i <= 100; i++) {
      const g = parseInt(colorFor(i / 100, 0, 1).slice(3, 5), 16);
      expect(g).toBeGreaterThanOrEqual(last);
      last = g;
    }
  });
  it('a flat range or a value that is not a number maps to the middle colour', () => {
    expect(colorFor(0.5, 0.5, 0.5)).toBe(VIRIDIS[5]);
    expect(colorFor(Number.NaN, 0, 1)).toBe(VIRIDIS[5]);
  });
  it('interpolates between anchors per channel', () => {
    // Halfway between #440154 and #482475: (68+72)/2, (1+36)/2 → 18.5 rounds to 19, (84+117)/2 → 100.5 → 101.
    expect(colorFor(0.05, 0, 1)).toBe('#461365');
  });
});

describe('colour scales (the UI)', () => {
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

  it('picks readable ink on both ends of viridis', () => {
    expect(inkFor([68, 1, 84])).toBe('#fff');
    expect(inkFor([253, 231, 37])).toBe('#111');
  });
});
