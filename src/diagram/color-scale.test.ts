import { describe, expect, it } from 'vitest';
import { colorFor, inkOn, VIRIDIS } from './color-scale.js';

describe('colorFor (viridis)', () => {
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
  it('a flat range maps to the middle colour', () => {
    expect(colorFor(0.5, 0.5, 0.5)).toBe(VIRIDIS[5]);
  });
  it('picks readable ink', () => {
    expect(inkOn(VIRIDIS[0])).toBe('#ffffff');
    expect(inkOn(VIRIDIS[10])).toBe('#000000');
  });
});
