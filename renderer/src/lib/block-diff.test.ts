import { describe, expect, it } from 'vitest';
import { EXPECTED_ANALYSIS as expected } from '../../../src/testing/expected-analysis';
import type { Analysis } from '../../../src/api/contract';
import { describeDiff, diffBlocks, paneDiffs } from './block-diff';

// Real architectures of the reference exports (timm v1.0.28), as `splitlens analyze` recovers them.
const zoo = expected as unknown as Record<string, Analysis>;
const resnet50 = zoo.timm__resnet50!;
const resnest50d = zoo.timm__resnest50d!;
const resnext50 = zoo.timm__resnext50_32x4d!;
const skresnext50 = zoo.timm__skresnext50_32x4d!;
const resnest101e = zoo.timm__resnest101e!;
const torchvisionResnet50 = zoo.torchvision__resnet50!;

describe('diffBlocks on real zoo architectures', () => {
  it('resnet50 vs resnest50d: all 16 blocks differ in R (1 → 2) and attention (none → splat), not in kind or K', () => {
    const d = diffBlocks(resnet50, resnest50d);
    expect(d).toHaveLength(16);
    for (const b of d) expect(b.fields).toEqual(['R', 'attention']);
    expect(describeDiff(d[0]!)).toBe('R 1 → 2 · attention none → splat');
  });

  it('resnext50_32x4d vs skresnext50_32x4d: same K, attention none → sk on every block', () => {
    const d = diffBlocks(resnext50, skresnext50);
    expect(d.every((b) => b.fields.includes('attention'))).toBe(true);
    expect(d.some((b) => b.fields.includes('K'))).toBe(false);
    expect(d[5]!.right!.attention).toBe('sk');
  });

  it('resnet50 vs resnext50_32x4d: K 1 → 32 everywhere', () => {
    const d = diffBlocks(resnet50, resnext50);
    expect(new Set(d.flatMap((b) => b.fields))).toEqual(new Set(['K']));
    expect(describeDiff(d[0]!)).toBe('K 1 → 32');
  });

  it('timm and torchvision resnet50 share their skeleton: nothing differs', () => {
    expect(diffBlocks(resnet50, torchvisionResnet50).filter((b) => b.fields.length > 0)).toEqual([]);
  });

  it('resnest50d vs resnest101e: the 101e blocks resnest50d lacks are marked as only in one model', () => {
    const d = diffBlocks(resnest50d, resnest101e);
    const extra = d.filter((b) => !b.left);
    const n101 = resnest101e.stages.flatMap((s) => s.blocks).length;
    expect(extra).toHaveLength(n101 - 16);
    expect(extra[0]!.block).toBe('layer3.6'); // 3-4-23-3 blocks against 3-4-6-3
    expect(describeDiff(extra[0]!)).toBe('only in this model');
    // The shared blocks are the same kind, K, R and attention.
    expect(d.filter((b) => b.left && b.right && b.fields.length > 0)).toEqual([]);
  });
});

describe('paneDiffs', () => {
  it('marks in each pane the blocks that differ from the reference, and in the reference those that differ anywhere', () => {
    const [ref, a, b] = paneDiffs([resnet50, torchvisionResnet50, resnest50d]);
    expect(a!.size).toBe(0);
    expect(b!.size).toBe(16);
    expect(ref!.size).toBe(16);
    expect(b!.get('layer3.4')).toBe('R 1 → 2 · attention none → splat');
  });

  it('a pane whose architecture has not arrived marks nothing', () => {
    const [ref, other] = paneDiffs([resnet50, undefined]);
    expect(ref!.size + other!.size).toBe(0);
  });
});
