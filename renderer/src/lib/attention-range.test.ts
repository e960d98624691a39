import { describe, expect, it } from 'vitest';
import type { AttentionResponse } from '../../../src/api/contract';
import { diagramScale } from './attention-range';

const response: AttentionResponse = {
  model: 'm',
  blocks: [
    {
      name: 'layer1.0',
      kind: 'splat',
      dims: ['radix', 'cardinal', 'channel'],
      shape: [2, 1, 2],
      values: [
        [0.3, 0.6, 0.7, 0.4],
        [0, 1, 1, 0],
      ],
    },
    { name: 'layer2.0', kind: 'se', dims: ['channel'], shape: [2], values: [[0.2, 0.9]] },
  ],
};

describe('diagramScale', () => {
  it('spans every block of the first image, like the SVG legend', () => {
    const s = diagramScale(response);
    expect([s.min, s.max]).toEqual([0.2, 0.9]);
    expect(diagramScale(response)).toBe(s);
  });
});
