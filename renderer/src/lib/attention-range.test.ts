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
      values: Float32Array.from([0.375, 0.625, 0.75, 0.5]),
    },
    { name: 'layer2.0', kind: 'se', dims: ['channel'], shape: [2], values: Float32Array.from([0.25, 0.875]) },
  ],
};

describe('diagramScale', () => {
  it('spans every block, like the SVG legend', () => {
    const s = diagramScale(response);
    expect([s.min, s.max]).toEqual([0.25, 0.875]);
    expect(diagramScale(response)).toBe(s);
  });
});
