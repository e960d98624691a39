import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { imagenetLabels, imagenetSynsets, labelsFor } from './labels.js';
import { softmax, topK } from './top-k.js';
import { FIXTURES } from '../../testing/fixtures.js';

const META = `${FIXTURES}meta/`;

describe('labels and top-k', () => {
  it('ships the same ImageNet classes as timm', () => {
    const ref = JSON.parse(readFileSync(`${META}imagenet_labels.json`, 'utf8')) as {
      index: number;
      synset: string;
      description: string;
    }[];
    expect(imagenetLabels()).toEqual(ref.map((e) => e.description));
    expect(imagenetSynsets()[281]).toBe(ref[281]!.synset);
    expect(labelsFor(1000)[281]).toBe('tabby, tabby cat');
    expect(labelsFor(3)).toEqual(['class 0', 'class 1', 'class 2']);
  });

  it('softmax is stable for large logits and top-k is ordered', () => {
    const p = softmax([1000, 1001, 999]);
    expect(p[1]).toBeCloseTo(Math.E / (1 + Math.E + 1 / Math.E), 12);
    expect(topK(p, 2, ['a', 'b', 'c'])).toEqual([
      { index: 1, label: 'b', prob: p[1] },
      { index: 0, label: 'a', prob: p[0] },
    ]);
  });
});
