import { describe, expect, it } from 'vitest';
import { difference } from './attention-diff';

describe('difference', () => {
  it('subtracts two photos element-wise, over the shorter of the two', () => {
    expect(difference([0.5, 0.25], [0.25, 0.5])).toEqual([0.25, -0.25]);
    expect(difference([1, 2, 3], [1])).toEqual([0]);
  });
});
