/**
 * The one architecture spec of the zoo: timm's `ResNet(**kwargs)` vocabulary (timm v1.0.28
 * `models/resnet.py`, `sknet.py`, `resnest.py`) in camelCase, validated with zod. Every family is
 * a value of this type; adding a family means adding a spec, not a code path.
 */
import type * as Zod from 'zod';
import { UserError } from '../common/errors.js';
import type { Family } from '../common/model.js';
import { INPUT_SIDE_MAX, INPUT_SIDE_MIN } from '../common/input-size.js';
import { splitAttnChannels } from './timm-math.js';
import { lazyRequire } from '../platform/lazy-require.js';

export { formatInputSize } from '../common/input-size.js';

/** timm block classes: BasicBlock, Bottleneck, SelectiveKernelBasic/Bottleneck, ResNestBottleneck. */
export const BLOCK_KINDS = ['basic', 'bottleneck', 'sk_basic', 'sk_bottleneck', 'resnest_bottleneck'] as const;
export type ZooBlockKind = (typeof BLOCK_KINDS)[number];

/**
 * The spec's zod schemas, made on first use: zod loads in ~120 ms, which every start paid before
 * anything ran, though the presets are validated by the tests and a start only reads them.
 */
function makeSchemas(z: typeof Zod.z) {
  const positiveInt = z.number().int().positive();
  const side = z.number().int().min(INPUT_SIDE_MIN).max(INPUT_SIDE_MAX);

  /** `sk_kwargs` of timm's SelectiveKernel (layers/selective_kernel.py). */
  const skOptions = z.strictObject({
    /** `rd_ratio`: attention width = make_divisible(out * rdRatio, rdDivisor). */
    rdRatio: z.number().positive().max(1),
    rdDivisor: positiveInt,
    /** `rd_channels`: fixed attention width (overrides rdRatio). */
    rdChannels: positiveInt.optional(),
    /** `split_input`: each path sees in/paths input channels. */
    splitInput: z.boolean(),
    /** `kernel_size`: one entry per path (odd, >= 3). */
    kernelSizes: z
      .array(positiveInt.refine((k) => k >= 3 && k % 2 === 1, 'kernel sizes must be odd and >= 3'))
      .min(2)
      .max(4),
    /** `keep_3x3`: larger kernels become dilated 3x3 convs. */
    keep3x3: z.boolean(),
  });
  const resnetSpec = z
    .strictObject({
      block: z.enum(BLOCK_KINDS),
      /** `layers`: blocks per stage (layer1..layer4). */
      layers: z.array(z.number().int().min(1).max(64)).length(4),
      /** `channels`: planes per stage (block output = planes * expansion). */
      channels: z.array(positiveInt.max(4096)).length(4),
      /** `cardinality` (K): groups of the 3x3 conv. */
      cardinality: positiveInt.max(256),
      /** `base_width`: width per group; 3x3 width = floor(planes * baseWidth / 64) * cardinality. */
      baseWidth: positiveInt.max(1024),
      /** `stem_type`. */
      stemType: z.enum(['', 'deep', 'deep_tiered']),
      /** `stem_width` (used by deep stems only, as in timm). */
      stemWidth: positiveInt.max(1024),
      /** `avg_down`: avg-pool + 1x1 conv in the shortcut. */
      avgDown: z.boolean(),
      /** `block_args.attn_layer`: attention after the last conv of a block. */
      attention: z.enum(['none', 'se', 'eca']),
      sk: skOptions,
      /** ResNeSt `radix` (R): 0 = plain conv, 1 = sigmoid gate, >1 = split attention. */
      radix: z.number().int().min(0).max(16),
      /** ResNeSt `avd`: 3x3 avg-pool carries the stride of strided blocks. */
      avd: z.boolean(),
      /** ResNeSt `avd_first`: the pool goes before (true) or after (false) the split-attention conv. */
      avdFirst: z.boolean(),
      numClasses: positiveInt.max(100_000),
      inChans: positiveInt.max(64),
      /**
       * Input size: S (square) or [H, W]. The default graph takes any size (dynamic height and width);
       * this is the size it is measured at and that photos are preprocessed to.
       */
      inputSize: z.union([side, z.tuple([side, side])]),
    })
    .superRefine((s, ctx) => {
      const basic = s.block === 'basic' || s.block === 'sk_basic';
      if (basic && s.cardinality !== 1)
        ctx.addIssue({ code: 'custom', path: ['cardinality'], message: 'basic blocks support cardinality 1 only' });
      if (basic && s.baseWidth !== 64)
        ctx.addIssue({ code: 'custom', path: ['baseWidth'], message: 'basic blocks support base width 64 only' });
      if (s.block === 'resnest_bottleneck' && s.attention !== 'none') {
        ctx.addIssue({ code: 'custom', path: ['attention'], message: 'ResNeSt blocks take no extra attention layer' });
      }
      if (s.block !== 'resnest_bottleneck' && s.radix !== 1 && s.radix !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['radix'],
          message: 'radix applies to resnest_bottleneck blocks only (SK paths come from sk.kernelSizes)',
        });
      }
      if ((s.block === 'sk_basic' || s.block === 'sk_bottleneck') && s.sk.splitInput) {
        // The SK conv's input is split evenly across paths: every width it sees must divide.
        const paths = s.sk.kernelSizes.length;
        const stem = s.stemType ? s.stemWidth * 2 : 64;
        const skInputs = s.block === 'sk_basic' ? [stem, ...s.channels] : s.channels.map((p) => groupedWidth(s, p));
        const groups = s.block === 'sk_basic' ? 1 : s.cardinality;
        if (skInputs.some((c) => c % paths !== 0 || (c / paths) % groups !== 0)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sk', 'splitInput'],
            message: `split input needs SK input widths divisible by ${paths} paths`,
          });
        }
      }
      for (const [i, planes] of s.channels.entries()) {
        const width = groupedWidth(s, planes);
        if (width < s.cardinality) {
          ctx.addIssue({
            code: 'custom',
            path: ['baseWidth'],
            message: `stage ${i + 1} has no channels per group (floor(${planes} * ${s.baseWidth} / 64) = 0)`,
          });
        }
        if (s.block === 'resnest_bottleneck' && s.radix >= 1) {
          // SplitAttn: conv groups K·R over the block width; fc1/fc2 groups K over the attention width.
          const attnChs = splitAttnChannels(width, s.radix);
          if (width % (s.cardinality * s.radix) !== 0 || attnChs % s.cardinality !== 0) {
            ctx.addIssue({
              code: 'custom',
              path: ['radix'],
              message: `stage ${i + 1}: width ${width} does not split into ${s.cardinality} groups x ${s.radix} splits`,
            });
          }
        }
      }
    });
  return { skOptions, resnetSpec };
}

type SpecSchemas = ReturnType<typeof makeSchemas>;
const zod = lazyRequire<typeof Zod>('zod');
let schemas: SpecSchemas | undefined;

export function specSchemas(): SpecSchemas {
  return (schemas ??= makeSchemas(zod().z));
}

/** `sk_kwargs` of timm's SelectiveKernel (layers/selective_kernel.py). */
export type SkOptions = Zod.z.infer<SpecSchemas['skOptions']>;
export type ResNetSpec = Zod.z.infer<SpecSchemas['resnetSpec']>;

/** Defaults of timm's `ResNet.__init__` and the block classes. */
export const SPEC_DEFAULTS: Omit<ResNetSpec, 'block' | 'layers'> = {
  channels: [64, 128, 256, 512],
  cardinality: 1,
  baseWidth: 64,
  stemType: '',
  stemWidth: 64,
  avgDown: false,
  attention: 'none',
  sk: { rdRatio: 1 / 16, rdDivisor: 8, splitInput: true, kernelSizes: [3, 5], keep3x3: true },
  radix: 1,
  avd: false,
  avdFirst: false,
  numClasses: 1000,
  inChans: 3,
  inputSize: 224,
};

/** Validate a spec; a bad one is a UserError naming the first bad field. */
export function validateSpec(input: unknown, what = 'spec'): ResNetSpec {
  const r = specSchemas().resnetSpec.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.map(String).join('.') : '(root)';
  throw new UserError(`${what}: ${field}: ${issue.message}`);
}

/** [height, width] of the spec's input size. */
export function inputHW(spec: Pick<ResNetSpec, 'inputSize'>): [number, number] {
  return typeof spec.inputSize === 'number' ? [spec.inputSize, spec.inputSize] : [...spec.inputSize];
}

/** Width of a bottleneck's 3x3 part for `planes`: floor(planes * baseWidth / 64) * cardinality (timm). */
export function groupedWidth(spec: Pick<ResNetSpec, 'baseWidth' | 'cardinality'>, planes: number): number {
  return Math.floor(planes * (spec.baseWidth / 64)) * spec.cardinality;
}

/** Output channels of a block (timm `expansion`). */
export function expansion(block: ZooBlockKind): number {
  return block === 'basic' || block === 'sk_basic' ? 1 : 4;
}

/** Family label as in common/model.ts `Family`. */
export function familyOf(spec: ResNetSpec): Exclude<Family, 'unknown'> {
  if (spec.block === 'resnest_bottleneck') return 'resnest';
  const x = spec.cardinality > 1;
  if (spec.block === 'sk_basic' || spec.block === 'sk_bottleneck') return x ? 'skresnext' : 'skresnet';
  if (spec.attention === 'se') return x ? 'seresnext' : 'seresnet';
  if (spec.attention === 'eca') return 'ecaresnet';
  return x ? 'resnext' : 'resnet';
}
