/**
 * The zoo's variants as data: timm v1.0.28 model entrypoints (`resnet.py`, `sknet.py`,
 * `resnest.py`) written as ResNetSpec overrides. Input sizes are the default pretrained cfg's.
 */
import { UserError } from '../common/errors.js';
import { SPEC_DEFAULTS, validateSpec, type ResNetSpec } from './spec.js';

type Preset = Partial<ResNetSpec> & Pick<ResNetSpec, 'block' | 'layers'>;

const L18 = [2, 2, 2, 2];
const L50 = [3, 4, 6, 3];
const L101 = [3, 4, 23, 3];
const SK18 = { ...SPEC_DEFAULTS.sk, rdRatio: 1 / 8, rdDivisor: 16, splitInput: true };
const RESNEST_D = {
  block: 'resnest_bottleneck',
  stemType: 'deep',
  stemWidth: 32,
  avgDown: true,
  radix: 2,
  avd: true,
  avdFirst: false,
} as const;
const RESNEST_E = { ...RESNEST_D, stemWidth: 64 } as const;

const TABLE: Record<string, Preset> = {
  resnet18: { block: 'basic', layers: L18 },
  resnet34: { block: 'basic', layers: L50 },
  resnet50: { block: 'bottleneck', layers: L50 },
  resnet101: { block: 'bottleneck', layers: L101 },
  resnext50_32x4d: { block: 'bottleneck', layers: L50, cardinality: 32, baseWidth: 4 },
  resnext101_32x8d: { block: 'bottleneck', layers: L101, cardinality: 32, baseWidth: 8 },
  seresnet50: { block: 'bottleneck', layers: L50, attention: 'se' },
  seresnext50_32x4d: { block: 'bottleneck', layers: L50, cardinality: 32, baseWidth: 4, attention: 'se' },
  skresnet18: { block: 'sk_basic', layers: L18, sk: SK18 },
  skresnet34: { block: 'sk_basic', layers: L50, sk: SK18 },
  skresnext50_32x4d: {
    block: 'sk_bottleneck',
    layers: L50,
    cardinality: 32,
    baseWidth: 4,
    sk: { ...SPEC_DEFAULTS.sk, rdRatio: 1 / 16, rdDivisor: 32, splitInput: false },
  },
  resnest14d: { ...RESNEST_D, layers: [1, 1, 1, 1] },
  resnest26d: { ...RESNEST_D, layers: L18 },
  resnest50d: { ...RESNEST_D, layers: L50 },
  resnest101e: { ...RESNEST_E, layers: L101, inputSize: 256 },
  resnest200e: { ...RESNEST_E, layers: [3, 24, 36, 3], inputSize: 320 },
  resnest269e: { ...RESNEST_E, layers: [3, 30, 48, 8], inputSize: 416 },
  resnest50d_4s2x40d: { ...RESNEST_D, layers: L50, baseWidth: 40, cardinality: 2, radix: 4, avdFirst: true },
  resnest50d_1s4x24d: { ...RESNEST_D, layers: L50, baseWidth: 24, cardinality: 4, radix: 1, avdFirst: true },
};

/**
 * Every preset, fully expanded. Not validated here: they are constants, checked by a test
 * (presets.test.ts), and validating them at every start loaded zod before anything ran.
 */
export const PRESETS: Readonly<Record<string, ResNetSpec>> = Object.freeze(
  Object.fromEntries(Object.entries(TABLE).map(([name, p]) => [name, expand(p)])),
);

/**
 * A preset over the defaults, its keys in the schema's order (what validation returns): specs are
 * hashed and compared as JSON (model cache keys, variant ids, published accuracies), so the same
 * spec must print the same way whether it was validated or not.
 */
function expand({ block, layers, ...rest }: Preset): ResNetSpec {
  return Object.assign({ block, layers, ...SPEC_DEFAULTS }, rest);
}

export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

/** The five models splitlens compares by default. */
export const HEADLINE_PRESETS = [
  'resnet50',
  'resnext50_32x4d',
  'seresnet50',
  'skresnext50_32x4d',
  'resnest50d',
] as const;

/** Knobs a user may turn on top of a preset (CLI flags, the K/R playground). */
export interface PresetOverrides {
  radix?: number;
  cardinality?: number;
  baseWidth?: number;
  numClasses?: number;
  inputSize?: ResNetSpec['inputSize'];
  layers?: number[];
}

/** A preset by timm name, with overrides applied and the result validated. */
export function resolvePreset(name: string, overrides: PresetOverrides = {}): ResNetSpec {
  const base = PRESETS[name];
  if (!base) throw new UserError(`unknown model '${name}'; valid: ${PRESET_NAMES.join(', ')}`);
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  // The preset itself is valid (tested); only what overrides it needs checking.
  if (!Object.keys(defined).length) return base;
  return validateSpec({ ...base, ...defined }, name);
}
