import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHECKPOINTS, checkpointFor, repoIdOf } from './checkpoints.js';
import { FIXTURES } from '../testing/fixtures.js';

type TimmCfg = {
  hf_hub_id: string;
  mean: number[];
  std: number[];
  crop_pct: number;
  interpolation: string;
  input_size: number[];
  num_classes: number;
  test_input_size?: number[];
  test_crop_pct?: number;
  tag: string;
};
const timmCfgs = JSON.parse(readFileSync(`${FIXTURES}meta/pretrained_cfgs.json`, 'utf8')) as Record<string, TimmCfg>;

// The zoo presets named in the zoo issue; every one has timm ImageNet weights.
const ZOO_PRESETS = [
  'resnet18',
  'resnet34',
  'resnet50',
  'resnet101',
  'resnext50_32x4d',
  'resnext101_32x8d',
  'seresnet50',
  'seresnext50_32x4d',
  'skresnet18',
  'skresnet34',
  'skresnext50_32x4d',
  'resnest14d',
  'resnest26d',
  'resnest50d',
  'resnest101e',
  'resnest200e',
  'resnest269e',
  'resnest50d_1s4x24d',
  'resnest50d_4s2x40d',
];

describe('checkpoint registry', () => {
  it('has one checkpoint per zoo preset', () => {
    expect(CHECKPOINTS.map((c) => c.preset).sort()).toEqual([...ZOO_PRESETS].sort());
    expect(new Set(CHECKPOINTS.map((c) => c.hfId)).size).toBe(CHECKPOINTS.length);
  });

  it.each(Object.keys(timmCfgs))('%s matches timm pretrained_cfg', (arch) => {
    const ref = timmCfgs[arch]!;
    const ck = checkpointFor(arch);
    expect(ck, arch).toBeDefined();
    expect(ck!.hfId).toBe(ref.hf_hub_id);
    expect(ck!.tag).toBe(ref.tag);
    expect(ck!.config).toEqual({
      mean: ref.mean,
      std: ref.std,
      crop_pct: ref.crop_pct,
      interpolation: ref.interpolation,
      input_size: ref.input_size,
      num_classes: ref.num_classes,
      ...(ref.test_input_size ? { test_input_size: ref.test_input_size, test_crop_pct: ref.test_crop_pct } : {}),
    });
  });

  it('names the five headline checkpoints', () => {
    expect(
      ['resnet50', 'resnext50_32x4d', 'seresnet50', 'skresnext50_32x4d', 'resnest50d'].map(
        (p) => checkpointFor(p)?.hfId,
      ),
    ).toEqual([
      'timm/resnet50.a1_in1k',
      'timm/resnext50_32x4d.a1h_in1k',
      'timm/seresnet50.a1_in1k',
      'timm/skresnext50_32x4d.ra_in1k',
      'timm/resnest50d.in1k',
    ]);
  });

  it('has nothing for a custom variant', () => {
    expect(checkpointFor('resnest50d_r3k5')).toBeUndefined();
  });

  it('accepts repo ids with or without the timm/ owner', () => {
    expect(repoIdOf('resnet50.a1_in1k')).toBe('timm/resnet50.a1_in1k');
    expect(repoIdOf('timm/resnet50.a1_in1k')).toBe('timm/resnet50.a1_in1k');
  });

  it('refuses ids that could escape the cache folder', () => {
    for (const bad of ['timm/..', '../x', 'a/b/c', 'timm/x y', '', 'timm/']) {
      expect(() => repoIdOf(bad), bad).toThrow(/is not a Hugging Face model id/);
    }
  });
});
