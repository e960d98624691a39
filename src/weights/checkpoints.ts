/**
 * Which pretrained timm checkpoint each zoo preset loads, and the eval transform it was trained for.
 * Tags are timm v1.0's default tag per architecture (the first entry in `default_cfgs` of
 * timm/models/resnet.py, sknet.py, resnest.py); configs match `fixtures/meta/pretrained_cfgs.json`.
 */

import { UserError } from '../common/errors.js';

export type Interpolation = 'bilinear' | 'bicubic';

/** The `pretrained_cfg` fields splitlens needs (timm names, timm values). */
export interface PretrainedConfig {
  mean: [number, number, number];
  std: [number, number, number];
  crop_pct: number;
  interpolation: Interpolation;
  /** [C, H, W] */
  input_size: [number, number, number];
  num_classes: number;
  /** [C, H, W] timm evaluates at (larger than training), where the cfg gives one. */
  test_input_size?: [number, number, number];
  test_crop_pct?: number;
}

export interface Checkpoint {
  /** timm architecture name = splitlens zoo preset (`resnest50d`). */
  preset: string;
  /** timm pretrained tag (`a1_in1k`). */
  tag: string;
  /** Hugging Face Hub repo id (`timm/resnest50d.in1k`). */
  hfId: string;
  /** The weights' license as timm declares it. */
  license: string;
  config: PretrainedConfig;
}

const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

/** timm's per-file `_cfg` helpers, reduced to the fields above. */
function cfg(over: Partial<PretrainedConfig> = {}): PretrainedConfig {
  return {
    mean: IMAGENET_MEAN,
    std: IMAGENET_STD,
    crop_pct: 0.875,
    interpolation: 'bilinear',
    input_size: [3, 224, 224],
    num_classes: 1000,
    ...over,
  };
}
/** resnet.py `_rcfg`: ResNet Strikes Back recipes (tested at 288, crop 1.0). */
const rsb = (): PretrainedConfig =>
  cfg({ interpolation: 'bicubic', crop_pct: 0.95, test_input_size: [3, 288, 288], test_crop_pct: 1.0 });
/** resnet.py `_ttcfg`: timm-trained, bicubic at 0.875, tested at 288, crop 0.95. */
const ttcfg = (): PretrainedConfig =>
  cfg({ interpolation: 'bicubic', test_input_size: [3, 288, 288], test_crop_pct: 0.95 });
/** sknet.py / resnest.py `_cfg` with bicubic: no test-time size. */
const bicubic = (over: Partial<PretrainedConfig> = {}): PretrainedConfig => cfg({ interpolation: 'bicubic', ...over });

function entry(preset: string, tag: string, config: PretrainedConfig, license = 'apache-2.0'): Checkpoint {
  return { preset, tag, hfId: `timm/${preset}.${tag}`, license, config };
}

export const CHECKPOINTS: readonly Checkpoint[] = [
  entry('resnet18', 'a1_in1k', rsb()),
  entry('resnet34', 'a1_in1k', rsb()),
  entry('resnet50', 'a1_in1k', rsb()),
  entry('resnet101', 'a1h_in1k', rsb()),
  entry('resnext50_32x4d', 'a1h_in1k', rsb()),
  entry('resnext101_32x8d', 'tv_in1k', cfg(), 'bsd-3-clause'),
  entry('seresnet50', 'a1_in1k', rsb()),
  entry('seresnext50_32x4d', 'racm_in1k', ttcfg()),
  entry('skresnet18', 'ra_in1k', bicubic()),
  entry('skresnet34', 'ra_in1k', bicubic()),
  entry('skresnext50_32x4d', 'ra_in1k', bicubic()),
  entry('resnest14d', 'gluon_in1k', cfg()),
  entry('resnest26d', 'gluon_in1k', cfg()),
  entry('resnest50d', 'in1k', cfg()),
  entry('resnest101e', 'in1k', cfg({ input_size: [3, 256, 256] })),
  entry('resnest200e', 'in1k', bicubic({ input_size: [3, 320, 320], crop_pct: 0.909 })),
  entry('resnest269e', 'in1k', bicubic({ input_size: [3, 416, 416], crop_pct: 0.928 })),
  entry('resnest50d_1s4x24d', 'in1k', bicubic()),
  entry('resnest50d_4s2x40d', 'in1k', bicubic()),
];

const BY_PRESET = new Map(CHECKPOINTS.map((c) => [c.preset, c]));

/** The checkpoint of a zoo preset, or undefined for presets timm has no weights for (custom K/R). */
export function checkpointFor(preset: string): Checkpoint | undefined {
  return BY_PRESET.get(preset);
}

/**
 * Normalises `resnet50.a1_in1k` / `timm/resnet50.a1_in1k` to the full repo id, refusing anything
 * that is not `owner/name` in the Hub's alphabet (the id becomes a cache folder name).
 */
export function repoIdOf(hfId: string): string {
  const id = hfId.includes('/') ? hfId : `timm/${hfId}`;
  if (!/^[\w.-]+\/[\w.-]+$/.test(id) || id.split('/').some((part) => /^\.+$/.test(part))) {
    throw new UserError(`'${hfId}' is not a Hugging Face model id (owner/name)`);
  }
  return id;
}
