/**
 * timm `ResNet(**kwargs)` JSON → ResNetSpec: the `spec` object of fixtures/tiny/<name>/ref.json
 * (block given by class name, e.g. 'ResNestBottleneck', extra block options in `block_args`).
 * Unknown or unsupported kwargs are UserErrors naming the key.
 */
import { UserError } from '../common/errors.js';
import { SPEC_DEFAULTS, validateSpec, type ResNetSpec, type ZooBlockKind } from './spec.js';

const BLOCK_CLASSES: Record<string, ZooBlockKind> = {
  BasicBlock: 'basic',
  Bottleneck: 'bottleneck',
  SelectiveKernelBasic: 'sk_basic',
  SelectiveKernelBottleneck: 'sk_bottleneck',
  ResNestBottleneck: 'resnest_bottleneck',
};

/** Training-only kwargs: no effect on an eval-mode graph. */
const IGNORED = new Set(['zero_init_last', 'drop_rate', 'drop_path_rate', 'drop_block_rate', 'pretrained']);
/** kwargs accepted only at their default value. */
const FIXED: Record<string, unknown> = {
  output_stride: 32,
  global_pool: 'avg',
  replace_stem_pool: false,
  block_reduce_first: 1,
  down_kernel_size: 1,
  aa_layer: null,
  act_layer: 'relu',
  norm_layer: 'batchnorm',
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(key: string, msg: string): never {
  throw new UserError(`timm spec: ${key}: ${msg}`);
}

function parseSk(v: unknown, key: string): ResNetSpec['sk'] {
  if (!isObject(v)) fail(key, 'must be an object');
  const sk = { ...SPEC_DEFAULTS.sk };
  for (const [k, val] of Object.entries(v)) {
    if (k === 'rd_ratio') sk.rdRatio = val as number;
    else if (k === 'rd_divisor') sk.rdDivisor = val as number;
    else if (k === 'rd_channels') sk.rdChannels = val as number;
    else if (k === 'split_input') sk.splitInput = val as boolean;
    else if (k === 'keep_3x3') sk.keep3x3 = val as boolean;
    else if (k === 'kernel_size') sk.kernelSizes = typeof val === 'number' ? [val, val] : (val as number[]);
    else fail(`${key}.${k}`, 'unsupported SelectiveKernel option');
  }
  return sk;
}

function parseBlockArgs(v: unknown, out: Json): void {
  if (v === null || v === undefined) return;
  if (!isObject(v)) fail('block_args', 'must be an object');
  for (const [k, val] of Object.entries(v)) {
    if (k === 'attn_layer') {
      if (val === null || val === undefined) continue;
      if (val !== 'se' && val !== 'eca')
        fail('block_args.attn_layer', `unsupported attention '${String(val)}' (se, eca)`);
      out.attention = val;
    } else if (k === 'radix') out.radix = val;
    else if (k === 'avd') out.avd = val;
    else if (k === 'avd_first') out.avdFirst = val;
    else if (k === 'sk_kwargs') out.sk = parseSk(val, 'block_args.sk_kwargs');
    else fail(`block_args.${k}`, 'unsupported block option');
  }
}

/**
 * Convert timm ResNet kwargs to a validated ResNetSpec. `inputSize` (not a timm kwarg) sets the
 * square input the graph is built for; `input_size` in the JSON ([C,H,W] or a number) also works.
 */
export function specFromTimmKwargs(json: unknown, opts: { inputSize?: ResNetSpec['inputSize'] } = {}): ResNetSpec {
  if (!isObject(json)) throw new UserError('timm spec: must be a JSON object of ResNet kwargs');
  const out: Json = { ...SPEC_DEFAULTS };
  for (const [k, v] of Object.entries(json)) {
    if (IGNORED.has(k)) continue;
    if (k in FIXED) {
      const ok =
        v === null || v === undefined || v === FIXED[k] || (typeof v === 'string' && v.toLowerCase() === FIXED[k]);
      if (!ok) fail(k, `only ${JSON.stringify(FIXED[k])} is supported`);
      continue;
    }
    switch (k) {
      case 'block': {
        const kind = typeof v === 'string' ? BLOCK_CLASSES[v] : undefined;
        if (!kind) fail(k, `unknown block class ${JSON.stringify(v)} (${Object.keys(BLOCK_CLASSES).join(', ')})`);
        out.block = kind;
        break;
      }
      case 'layers':
        out.layers = v;
        break;
      case 'channels':
        out.channels = v;
        break;
      case 'cardinality':
        out.cardinality = v;
        break;
      case 'base_width':
        out.baseWidth = v;
        break;
      case 'stem_width':
        out.stemWidth = v;
        break;
      case 'stem_type':
        out.stemType = v;
        break;
      case 'avg_down':
        out.avgDown = v;
        break;
      case 'num_classes':
        out.numClasses = v;
        break;
      case 'in_chans':
        out.inChans = v;
        break;
      case 'input_size':
        // [C, H, W] or [H, W] or S.
        out.inputSize = Array.isArray(v) ? (v.length >= 2 ? v.slice(-2) : v[0]) : v;
        break;
      case 'block_args':
        parseBlockArgs(v, out);
        break;
      default:
        fail(k, 'unsupported ResNet kwarg');
    }
  }
  if (out.block === undefined) fail('block', 'missing');
  if (out.layers === undefined) fail('layers', 'missing');
  if (opts.inputSize !== undefined) out.inputSize = opts.inputSize;
  // [S, S] is written S.
  if (Array.isArray(out.inputSize) && out.inputSize[0] === out.inputSize[1]) out.inputSize = out.inputSize[0];
  try {
    return validateSpec(out, 'timm spec');
  } catch (e) {
    // Name the field as the user wrote it (timm's snake_case kwarg).
    if (e instanceof UserError)
      throw new UserError(e.message.replace(/^timm spec: ([\w.]+):/, (_, f: string) => `timm spec: ${timmName(f)}:`));
    throw e;
  }
}

const TIMM_NAMES: Record<string, string> = {
  baseWidth: 'base_width',
  stemType: 'stem_type',
  stemWidth: 'stem_width',
  avgDown: 'avg_down',
  numClasses: 'num_classes',
  inChans: 'in_chans',
  inputSize: 'input_size',
  attention: 'block_args.attn_layer',
  radix: 'block_args.radix',
  avd: 'block_args.avd',
  avdFirst: 'block_args.avd_first',
  sk: 'block_args.sk_kwargs',
  rdRatio: 'rd_ratio',
  rdDivisor: 'rd_divisor',
  rdChannels: 'rd_channels',
  splitInput: 'split_input',
  kernelSizes: 'kernel_size',
  keep3x3: 'keep_3x3',
};

function timmName(field: string): string {
  return field
    .split('.')
    .map((p) => TIMM_NAMES[p] ?? p)
    .join('.');
}

const CLASS_OF: Record<ZooBlockKind, string> = Object.fromEntries(
  Object.entries(BLOCK_CLASSES).map(([cls, kind]) => [kind, cls]),
) as Record<ZooBlockKind, string>;

/** ResNetSpec → timm kwargs JSON (the file `--timm-spec` reads): only fields that differ from timm's defaults. */
export function specToTimmKwargs(spec: ResNetSpec): Record<string, unknown> {
  const d = SPEC_DEFAULTS;
  const out: Record<string, unknown> = { block: CLASS_OF[spec.block], layers: spec.layers, channels: spec.channels };
  if (spec.cardinality !== d.cardinality) out.cardinality = spec.cardinality;
  if (spec.baseWidth !== d.baseWidth) out.base_width = spec.baseWidth;
  if (spec.stemType) out.stem_type = spec.stemType;
  if (spec.stemWidth !== d.stemWidth) out.stem_width = spec.stemWidth;
  if (spec.avgDown) out.avg_down = true;
  const blockArgs: Record<string, unknown> = {};
  if (spec.attention !== 'none') blockArgs.attn_layer = spec.attention;
  if (spec.block === 'resnest_bottleneck')
    Object.assign(blockArgs, { radix: spec.radix, avd: spec.avd, avd_first: spec.avdFirst });
  if (spec.block === 'sk_basic' || spec.block === 'sk_bottleneck') {
    const sk = spec.sk;
    blockArgs.sk_kwargs = {
      rd_ratio: sk.rdRatio,
      rd_divisor: sk.rdDivisor,
      ...(sk.rdChannels ? { rd_channels: sk.rdChannels } : {}),
      split_input: sk.splitInput,
      kernel_size: sk.kernelSizes,
      keep_3x3: sk.keep3x3,
    };
  }
  if (Object.keys(blockArgs).length) out.block_args = blockArgs;
  out.num_classes = spec.numClasses;
  if (spec.inChans !== d.inChans) out.in_chans = spec.inChans;
  const [h, w] = typeof spec.inputSize === 'number' ? [spec.inputSize, spec.inputSize] : spec.inputSize;
  out.input_size = [spec.inChans, h, w];
  return out;
}
