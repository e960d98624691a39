import { describe, expect, it } from 'vitest';
import { EXPECTED_ANALYSIS as expected } from '../../../src/testing/expected-analysis';
import type { Analysis } from '../../../src/api/contract';
import { blockNames, stepBlock } from './block-order';

// The real block list of timm's resnest50d (3 + 4 + 6 + 3 blocks).
const resnest50d = (expected as unknown as Record<string, Analysis>).timm__resnest50d;

describe('block order', () => {
  it('lists blocks stage by stage as timm names them', () => {
    const names = blockNames(resnest50d);
    expect(names).toHaveLength(16);
    expect(names.slice(2, 4)).toEqual(['layer1.2', 'layer2.0']);
  });

  it('steps across stage boundaries and stops at the ends', () => {
    const names = blockNames(resnest50d);
    expect(stepBlock(names, 'layer1.2', 1)).toBe('layer2.0');
    expect(stepBlock(names, 'layer2.0', -1)).toBe('layer1.2');
    expect(stepBlock(names, 'layer4.2', 1)).toBe('layer4.2');
    expect(stepBlock(names, undefined, 1)).toBe('layer1.0');
    expect(stepBlock([], 'x', 1)).toBeUndefined();
  });
});
