/**
 * A state dict → the ResNetSpec that built it, from key names and tensor shapes alone: depth per
 * stage, block kind, K, R, widths, stem, shortcut, attention kind, classes. Fields the shapes leave
 * open (base width within a rounding, SK split input and attention width) are settled by building each
 * candidate's state-dict layout and keeping the one that matches every key and shape. What weights
 * cannot tell (ResNeSt's avd pooling, the input size) is assumed as timm's models do and listed, for
 * the user to confirm or override with `--timm-spec`.
 */
import { UserError } from '../common/errors.js';
import type { CheckpointAssumption } from '../common/api-types.js';
import type { Family } from '../common/model.js';
import {
  SPEC_DEFAULTS,
  familyOf,
  formatInputSize,
  stateDictLayout,
  validateSpec,
  type ResNetSpec,
  type ZooBlockKind,
} from '../zoo/index.js';
import { checkLayout, type TensorStore } from '../zoo/weight-sources.js';
import { LAYOUT_NAMES, mapKeys, type KeyLayout } from './key-layouts.js';
import { FLOAT_TORCH_DTYPES, type StateDict } from './state-dict.js';

export interface InferredSpec {
  spec: ResNetSpec;
  family: Exclude<Family, 'unknown'>;
  layout: KeyLayout;
  /** Class names from the checkpoint (absent: numbered, or ImageNet's for 1000 classes). */
  labels?: string[];
  /** What the weights cannot say and was assumed. */
  assumptions: CheckpointAssumption[];
  /** The tensors under timm's key names, ready for `buildModel({ stateDict })`. */
  store: TensorStore;
}

type Shape = number[] | undefined;

/** The state dict under timm's key names. */
export function timmStore(sd: StateDict): { store: TensorStore; layout: KeyLayout } {
  const mapped = mapKeys([...sd.entries.keys()]);
  const entries = new Map<string, { shape: number[]; float: boolean }>();
  for (const [timmKey, original] of mapped.toOriginal) {
    const e = sd.entries.get(original)!;
    entries.set(timmKey, { shape: e.shape, float: FLOAT_TORCH_DTYPES.has(e.dtype) });
  }
  const store: TensorStore = {
    what: sd.what,
    entries,
    readFloat32: (k) => sd.readFloat32(mapped.toOriginal.get(k) ?? k),
  };
  return { store, layout: mapped.layout };
}

function notResNet(what: string, why: string): never {
  throw new UserError(`${what}: not a ResNet-family state dict (${why}); give the architecture with --timm-spec`);
}

/** Candidate values of the fields the shapes leave open. */
interface Open {
  /** (base width, K) pairs. */
  widths: { baseWidth: number; cardinality: number }[];
  splitInputs: boolean[];
  sk: { rdRatio: number; rdDivisor: number; rdChannels?: number }[];
}

function baseWidthCandidates(planes: number, widthPerGroup: number): number[] {
  // width / K = floor(planes * base_width / 64): every base width in that rounding, the exact one first.
  const out: number[] = [];
  const exact = (64 * widthPerGroup) / planes;
  if (Number.isInteger(exact)) out.push(exact);
  for (let bw = Math.ceil(exact); Math.floor((planes * bw) / 64) === widthPerGroup && bw <= 1024; bw++)
    if (!out.includes(bw)) out.push(bw);
  return out.length ? out : [Math.max(1, Math.round(exact))];
}

export function inferSpec(sd: StateDict, opts: { inputSize?: ResNetSpec['inputSize'] } = {}): InferredSpec {
  const { store, layout } = timmStore(sd);
  const what = sd.what;
  const shape = (k: string): Shape => store.entries.get(k)?.shape;
  const has = (k: string) => store.entries.has(k);
  const assumptions: CheckpointAssumption[] = [];

  // Stem: one 7x7 conv, or the deep 3x3 x3 stem (conv1.0 / conv1.3 / conv1.6).
  const spec: Record<string, unknown> = { ...SPEC_DEFAULTS };
  const plain = shape('conv1.weight');
  const deep0 = shape('conv1.0.weight');
  if (plain?.length === 4) {
    spec.inChans = plain[1];
  } else if (deep0?.length === 4) {
    const sw = shape('conv1.3.weight')?.[0] ?? notResNet(what, 'a deep stem without conv1.3');
    spec.stemWidth = sw;
    spec.inChans = deep0[1];
    spec.stemType = deep0[0] === sw ? 'deep' : 'deep_tiered';
  } else notResNet(what, 'no stem conv (conv1.weight or conv1.0.weight)');

  const layers = [1, 2, 3, 4].map((s) => {
    let n = 0;
    while ([...store.entries.keys()].some((k) => k.startsWith(`layer${s}.${n}.`))) n++;
    return n;
  });
  if (layers.some((n) => n === 0)) notResNet(what, `stage layer${layers.indexOf(0) + 1} has no blocks`);
  spec.layers = layers;

  // Block kind from the first block's keys (timm module paths).
  const b0 = 'layer1.0';
  let block: ZooBlockKind;
  if (has(`${b0}.conv2.conv.weight`) && has(`${b0}.conv2.fc1.weight`)) block = 'resnest_bottleneck';
  else if (has(`${b0}.conv2.paths.0.conv.weight`)) block = 'sk_bottleneck';
  else if (has(`${b0}.conv1.paths.0.conv.weight`)) block = 'sk_basic';
  else if (has(`${b0}.conv3.weight`)) block = 'bottleneck';
  else if (has(`${b0}.conv2.weight`) && has(`${b0}.conv1.weight`)) block = 'basic';
  else notResNet(what, `block ${b0} is none of BasicBlock, Bottleneck, SelectiveKernel or ResNeSt`);
  spec.block = block;

  const outOf = (s: number): number => {
    const p = `layer${s}.0`;
    const k =
      block === 'basic'
        ? `${p}.conv2.weight`
        : block === 'sk_basic'
          ? `${p}.conv2.conv.weight`
          : block === 'sk_bottleneck'
            ? `${p}.conv3.conv.weight`
            : `${p}.conv3.weight`;
    return shape(k)?.[0] ?? notResNet(what, `no ${k}`);
  };
  const expansion = block === 'basic' || block === 'sk_basic' ? 1 : 4;
  spec.channels = [1, 2, 3, 4].map((s) => outOf(s) / expansion);
  const planes1 = (spec.channels as number[])[0]!;

  // K, R and the 3x3 width, from the first block's grouped conv(s).
  let open: Open = { widths: [{ baseWidth: 64, cardinality: 1 }], splitInputs: [SPEC_DEFAULTS.sk.splitInput], sk: [] };
  const widthsFor = (w: number, k: number) =>
    baseWidthCandidates(planes1, w / k).map((baseWidth) => ({ baseWidth, cardinality: k }));
  if (block === 'bottleneck') {
    const w = shape(`${b0}.conv1.weight`)![0]!;
    open.widths = widthsFor(w, w / shape(`${b0}.conv2.weight`)![1]!);
  } else if (block === 'resnest_bottleneck') {
    const w = shape(`${b0}.conv1.weight`)![0]!;
    const conv = shape(`${b0}.conv2.conv.weight`)!;
    const r = conv[0]! / w;
    spec.radix = r;
    spec.avd = true;
    spec.avdFirst = false;
    open.widths = widthsFor(w, w / shape(`${b0}.conv2.fc1.weight`)![1]!);
    assumptions.push({
      about: 'avd',
      text: 'avd: a 3x3 avg-pool carries the stride, after the split conv (timm/official ResNeSt default)',
    });
  } else if (block === 'sk_bottleneck' || block === 'sk_basic') {
    const conv = block === 'sk_basic' ? `${b0}.conv1` : `${b0}.conv2`;
    let paths = 0;
    while (has(`${conv}.paths.${paths}.conv.weight`)) paths++;
    const kernels = Array.from({ length: paths }, (_, i) => shape(`${conv}.paths.${i}.conv.weight`)![2]!);
    const keep3x3 = kernels.every((k) => k === 3);
    const rd = shape(`${conv}.attn.fc_reduce.weight`)?.[0] ?? notResNet(what, `no ${conv}.attn.fc_reduce`);
    spec.sk = {
      ...SPEC_DEFAULTS.sk,
      keep3x3,
      kernelSizes: keep3x3 ? kernels.map((_, i) => 3 + 2 * i) : kernels,
    };
    if (keep3x3)
      assumptions.push({
        about: 'skDilation',
        text: 'SK paths: 3x3 convs dilated 1, 2, … (timm keep_3x3; dilation is not in the weights)',
      });
    const ratios: Open['sk'] = [];
    for (const rdRatio of [1 / 16, 1 / 8, 1 / 4, 1 / 32])
      for (const rdDivisor of [8, 16, 32, 1]) ratios.push({ rdRatio, rdDivisor });
    ratios.push({ rdRatio: 1 / 16, rdDivisor: 8, rdChannels: rd });
    open = { ...open, splitInputs: [true, false], sk: ratios };
    if (block === 'sk_bottleneck') {
      const w = shape(`${b0}.conv1.conv.weight`)![0]!;
      const perGroup = shape(`${conv}.paths.0.conv.weight`)![1]!;
      // groups = K unless split input divides the input per path first: try both readings.
      const ks = [w / perGroup, w / paths / perGroup].filter((k) => Number.isInteger(k) && k >= 1);
      open.widths = ks.flatMap((k) => widthsFor(w, k));
    }
  }
  if (has(`${b0}.se.fc1.weight`)) spec.attention = 'se';
  else if (has(`${b0}.se.conv.weight`)) spec.attention = 'eca';
  const ds = [1, 2, 3, 4]
    .map((s) => `layer${s}.0.downsample`)
    .find((p) => has(`${p}.0.weight`) || has(`${p}.1.weight`));
  spec.avgDown = ds !== undefined && shape(`${ds}.1.weight`)?.length === 4;
  const fc = shape('fc.weight') ?? notResNet(what, 'no classifier fc.weight');
  spec.numClasses = fc[0];
  if (opts.inputSize !== undefined) spec.inputSize = opts.inputSize;
  else
    assumptions.push({
      about: 'inputSize',
      text: `input size ${formatInputSize(SPEC_DEFAULTS.inputSize)} (not in the weights; the graph takes any size)`,
    });

  // Settle the open fields: the first candidate whose layout matches every key and shape.
  let firstError: unknown;
  const skOptions = open.sk.length ? open.sk : [undefined];
  for (const { baseWidth, cardinality } of open.widths) {
    for (const splitInput of open.splitInputs) {
      for (const rd of skOptions) {
        const candidate = {
          ...spec,
          baseWidth: block === 'basic' || block === 'sk_basic' ? 64 : baseWidth,
          cardinality,
          ...(rd ? { sk: { ...(spec.sk as ResNetSpec['sk']), ...rd, splitInput } } : {}),
        };
        try {
          const valid = validateSpec(candidate, `${what}: inferred spec`);
          checkLayout(store, layoutDecls(valid), `the inferred ${familyOf(valid)} spec`);
          return finish(valid, sd, store, layout, assumptions);
        } catch (e) {
          firstError ??= e;
        }
      }
    }
  }
  if (firstError instanceof UserError) throw firstError;
  throw new UserError(`${what}: no ResNet spec fits this state dict; give the architecture with --timm-spec`);
}

function layoutDecls(spec: ResNetSpec) {
  return stateDictLayout(spec).map(([key, shape]) => ({
    key,
    shape,
    role: key.endsWith('num_batches_tracked') ? ('bn_count' as const) : ('weight' as const),
  }));
}

function finish(
  spec: ResNetSpec,
  sd: StateDict,
  store: TensorStore,
  layout: KeyLayout,
  assumptions: CheckpointAssumption[],
): InferredSpec {
  const out: InferredSpec = { spec, family: familyOf(spec), layout, assumptions, store };
  if (sd.labels?.length === spec.numClasses) out.labels = sd.labels;
  else if (sd.labels)
    assumptions.push({
      about: 'labels',
      text: `labels ignored: the checkpoint names ${sd.labels.length}, the classifier has ${spec.numClasses}`,
    });
  return out;
}

/** A spec the user gave (`--timm-spec`, a saved spec) checked against the state dict. */
export function specForStateDict(sd: StateDict, spec: ResNetSpec): InferredSpec {
  const { store, layout } = timmStore(sd);
  checkLayout(store, layoutDecls(spec), `the given ${familyOf(spec)} spec`);
  return finish(spec, sd, store, layout, []);
}

/** Lines a person reads to confirm the inference. */
export function describeInferred(inf: InferredSpec): string[] {
  const s = inf.spec;
  const stem = s.stemType ? `${s.stemType} (3x3 x3, width ${s.stemWidth})` : 'plain (7x7, 64)';
  const lines = [
    `family ${inf.family} (${s.block}), keys: ${LAYOUT_NAMES[inf.layout]}`,
    `stem ${stem}, ${s.inChans} input channels`,
    `depth per stage ${s.layers.join('-')}, widths ${s.channels.join('/')}`,
    `K ${s.cardinality}, base width ${s.baseWidth}${s.block === 'resnest_bottleneck' ? `, R ${s.radix}` : ''}`,
    `attention ${s.block === 'resnest_bottleneck' ? 'split attention' : s.block.startsWith('sk') ? 'selective kernel' : s.attention}, shortcut ${s.avgDown ? 'avg-pool + 1x1' : '1x1 conv'}`,
    `${s.numClasses} classes (${inf.labels ? 'labels from the checkpoint' : s.numClasses === 1000 ? 'ImageNet labels' : 'numbered'}), input ${formatInputSize(s.inputSize)}`,
  ];
  return [...lines, ...inf.assumptions.map((a) => `assumed: ${a.text}`)];
}
