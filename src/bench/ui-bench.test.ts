import { describe, expect, it } from 'vitest';
import { stolenPercent } from './ui-bench.js';

describe('stolenPercent', () => {
  it('is the stolen share of the CPU time between two readings', () => {
    expect(stolenPercent({ total: 1000, steal: 10 }, { total: 1400, steal: 30 })).toBeCloseTo(5, 10);
  });

  it('is absent when a reading is missing or no time passed', () => {
    expect(stolenPercent(undefined, { total: 10, steal: 1 })).toBeUndefined();
    expect(stolenPercent({ total: 10, steal: 1 }, { total: 10, steal: 1 })).toBeUndefined();
  });
});
