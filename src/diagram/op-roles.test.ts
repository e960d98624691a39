import { describe, expect, it } from 'vitest';
import { fixtureModel } from './testing/fixture-models.js';
import { buildOpGraph } from './op-graph.js';
import { splitAttentionRoles } from './op-roles.js';

const rolesOf = async (key: string, block: string): Promise<string[]> => {
  const { opsOf } = await fixtureModel(key);
  const ops = buildOpGraph(opsOf(block)).ops;
  const roles = splitAttentionRoles(ops);
  return roles.filter((r, i) => r && r !== roles[i - 1]) as string[];
};

describe('splitAttentionRoles', () => {
  it.each([
    ['timm__resnest50d', 'layer2.0'],
    ['timm__resnest50d_4s2x40d', 'layer3.1'],
    ['timm__resnest101e', 'layer3.20'],
    ['tiny_resnest_r4c2', 'layer1.0'],
  ])('%s %s reads split → radix sum → pool → fc1 → fc2 → rSoftmax → weighted sum', async (key, block) => {
    expect(await rolesOf(key, block)).toEqual([
      'grouped conv',
      'split',
      'radix sum',
      'pool',
      'fc1',
      'fc2',
      'rSoftmax',
      'weighted sum',
    ]);
  });
  it.each([
    ['timm__seresnet50', 'layer1.0'],
    ['timm__skresnext50_32x4d', 'layer1.0'],
    ['tiny_resnest_r1', 'layer1.0'],
  ])('%s has no split-attention roles', async (key, block) => {
    expect(await rolesOf(key, block)).toEqual([]);
  });
});
