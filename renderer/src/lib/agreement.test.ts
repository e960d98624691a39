import { describe, expect, it } from 'vitest';
import type { ModelPrediction } from '../../../src/api/contract';
import { agreement } from './agreement';

function pred(model: string, ...indices: number[]): ModelPrediction {
  return {
    model,
    weights: 'pretrained',
    provider: 'cpu',
    latencyMs: 1,
    top: indices.map((index, i) => ({ index, label: `c${index}`, prob: 0.5 / (i + 1) })),
  };
}

describe('agreement', () => {
  it('finds the class most models rank first and counts shared classes', () => {
    const a = agreement([pred('a', 281, 282), pred('b', 281, 285), pred('c', 282, 281), pred('d', 281)]);
    expect(a.consensus).toBe(281);
    expect(a.agreeing).toBe(3);
    expect(a.voting).toBe(4);
    expect(a.shared.get(281)).toBe(4);
    expect(a.shared.get(282)).toBe(2);
    expect(a.shared.get(285)).toBe(1);
  });

  it('has no consensus when every model disagrees, and ignores failed models', () => {
    const failed = { ...pred('e', 1), error: 'boom' };
    const a = agreement([pred('a', 1), pred('b', 2), failed]);
    expect(a.consensus).toBeUndefined();
    expect(a.voting).toBe(2);
  });
});
