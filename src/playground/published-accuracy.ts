/**
 * Published ImageNet-1k top-1 accuracies, kept in one place with their sources. splitlens measures
 * cost (params, MACs, latency), never accuracy: these numbers are the publishers', shown next to
 * the measured ones so a variant's cost can be read against what its architecture reached when
 * someone trained it. A variant gets a number only when its architecture is exactly the published one.
 */
import type { PublishedAccuracy } from '../common/playground.js';
import { PRESETS, type ResNetSpec } from '../zoo/index.js';

export const TIMM_RESULTS = {
  source: 'timm results-imagenet.csv (pretrained checkpoint splitlens loads)',
  url: 'https://github.com/huggingface/pytorch-image-models/blob/main/results/results-imagenet.csv',
} as const;

export const RESNEST_ABLATION = {
  source: 'ResNeSt authors, ResNeSt-50-fast K/R ablation (Zhang et al. 2020)',
  url: 'https://github.com/zhanghang1989/ResNeSt/blob/master/ablation.md',
} as const;

/** timm's results for the checkpoint tag each preset loads (src/weights/checkpoints.ts), at timm's eval size. */
const TIMM_TOP1: Record<string, { tag: string; imageSize: number; top1: number }> = {
  resnet18: { tag: 'a1_in1k', imageSize: 288, top1: 73.164 },
  resnet34: { tag: 'a1_in1k', imageSize: 288, top1: 77.93 },
  resnet50: { tag: 'a1_in1k', imageSize: 288, top1: 81.24 },
  resnet101: { tag: 'a1h_in1k', imageSize: 288, top1: 82.796 },
  resnext50_32x4d: { tag: 'a1h_in1k', imageSize: 288, top1: 82.016 },
  resnext101_32x8d: { tag: 'tv_in1k', imageSize: 224, top1: 79.308 },
  seresnet50: { tag: 'a1_in1k', imageSize: 288, top1: 81.114 },
  seresnext50_32x4d: { tag: 'racm_in1k', imageSize: 288, top1: 82.186 },
  skresnet18: { tag: 'ra_in1k', imageSize: 224, top1: 73.02 },
  skresnet34: { tag: 'ra_in1k', imageSize: 224, top1: 76.956 },
  skresnext50_32x4d: { tag: 'ra_in1k', imageSize: 224, top1: 80.168 },
  resnest14d: { tag: 'gluon_in1k', imageSize: 224, top1: 75.516 },
  resnest26d: { tag: 'gluon_in1k', imageSize: 224, top1: 78.476 },
  resnest50d: { tag: 'in1k', imageSize: 224, top1: 80.958 },
  resnest101e: { tag: 'in1k', imageSize: 256, top1: 82.916 },
  resnest200e: { tag: 'in1k', imageSize: 320, top1: 83.88 },
  resnest269e: { tag: 'in1k', imageSize: 416, top1: 84.542 },
  resnest50d_1s4x24d: { tag: 'in1k', imageSize: 224, top1: 81.024 },
  resnest50d_4s2x40d: { tag: 'in1k', imageSize: 224, top1: 81.146 },
};

/**
 * ResNeSt-50-fast (deep stem 32, avg-down, avd before the 3x3), radix R, cardinality K, width per
 * group: PyTorch top-1 at 224 of the authors' released models.
 */
const RESNEST50_FAST: { radix: number; cardinality: number; baseWidth: number; top1: number }[] = [
  { radix: 1, cardinality: 1, baseWidth: 64, top1: 80.33 },
  { radix: 2, cardinality: 1, baseWidth: 64, top1: 80.53 },
  { radix: 4, cardinality: 1, baseWidth: 64, top1: 80.76 },
  { radix: 1, cardinality: 2, baseWidth: 40, top1: 80.59 },
  { radix: 2, cardinality: 2, baseWidth: 40, top1: 80.61 },
  { radix: 4, cardinality: 2, baseWidth: 40, top1: 81.14 },
  { radix: 1, cardinality: 4, baseWidth: 24, top1: 80.99 },
];

/** The spec without its input size (accuracy is quoted at the publisher's size). */
function key(spec: ResNetSpec): string {
  const { inputSize: _size, ...rest } = spec;
  return JSON.stringify(rest);
}

let byKey: Map<string, PublishedAccuracy> | undefined;

function table(): Map<string, PublishedAccuracy> {
  if (byKey) return byKey;
  byKey = new Map();
  const fast = PRESETS.resnest50d!;
  for (const row of RESNEST50_FAST) {
    const spec: ResNetSpec = {
      ...fast,
      radix: row.radix,
      cardinality: row.cardinality,
      baseWidth: row.baseWidth,
      avdFirst: true,
    };
    byKey.set(key(spec), {
      top1: row.top1,
      imageSize: 224,
      source: `${RESNEST_ABLATION.source}: ${row.radix}s${row.cardinality}x${row.baseWidth}d`,
      url: RESNEST_ABLATION.url,
    });
  }
  // timm's own result wins where both have the architecture (4s2x40d, 1s4x24d).
  for (const [preset, row] of Object.entries(TIMM_TOP1)) {
    const spec = PRESETS[preset];
    if (!spec) continue;
    byKey.set(key(spec), {
      top1: row.top1,
      imageSize: row.imageSize,
      source: `${TIMM_RESULTS.source}: ${preset}.${row.tag}`,
      url: TIMM_RESULTS.url,
    });
  }
  return byKey;
}

/** The published top-1 of exactly this architecture, if one is known. */
export function publishedAccuracy(spec: ResNetSpec): PublishedAccuracy | undefined {
  return table().get(key(spec));
}
