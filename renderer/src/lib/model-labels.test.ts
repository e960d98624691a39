import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../src/api/contract';
import { displayLabels } from './model-labels';

const file = (id: string, label: string, folder?: string): ModelEntry => ({
  id,
  label,
  family: 'resnest',
  source: 'file',
  weights: 'in-file',
  ...(folder ? { folder } : {}),
});

describe('displayLabels', () => {
  it('tells same-named files apart by their folders', () => {
    const out = displayLabels([file('a', 'model', 'tiny_resnest'), file('b', 'model', 'tiny_resnet')], {});
    expect(out.map((m) => m.label)).toEqual(['model (tiny_resnest)', 'model (tiny_resnet)']);
  });

  it('numbers same-named uploads, which have no folder', () => {
    const out = displayLabels([file('a', 'model'), file('b', 'model'), file('c', 'other')], {});
    expect(out.map((m) => m.label)).toEqual(['model', 'model (2)', 'other']);
  });

  it('shows the name the user gave, which needs no folder', () => {
    const out = displayLabels([file('a', 'model', 'x'), file('b', 'model', 'y')], { b: 'my resnest' });
    expect(out.map((m) => m.label)).toEqual(['model', 'my resnest']);
  });
});
