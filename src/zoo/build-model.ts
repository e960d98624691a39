/**
 * The zoo's entry point: spec (+ timm checkpoint or seed) → ONNX bytes with `logits` and one
 * `attn:<timm module path>` output per attention module. See docs/cli.md and src/weights/README.md.
 */
import { VERSION } from '../common/version.js';
import { emitResNet, paramCount } from './resnet-graph.js';
import { familyOf, formatInputSize, inputHW, type ResNetSpec } from './spec.js';
import { checkpointSource, randomSource, storeSource, type TensorStore } from './weight-sources.js';
import { encodeModel, type EncodeMeta } from './onnx-encode.js';

export interface BuildOptions {
  spec: ResNetSpec;
  /** A timm `model.safetensors`; without it the model gets seeded random weights (untrained). */
  weights?: string;
  /** Seed of the random init (default 0). */
  seed?: number;
  /** Graph name, e.g. the preset (default: the family). */
  name?: string;
  /** Fold BatchNorm into convs (default true, as PyTorch's exporter does). */
  foldBn?: boolean;
  /** Declare the input's height and width as the spec's size instead of dynamic (default false). */
  fixedSize?: boolean;
  /** A state dict already read (a PyTorch checkpoint, keys mapped to timm's); wins over `weights`. */
  stateDict?: TensorStore;
}

export interface BuiltModel {
  onnx: Uint8Array;
  weights: 'pretrained' | 'untrained';
  spec: ResNetSpec;
  name: string;
  /** timm parameter count (state dict minus BatchNorm buffers). */
  params: number;
  /** Names of the attention outputs, in graph order (`attn:layer1.0.conv2.rsoftmax`, ...). */
  attentionOutputs: string[];
}

export async function buildModel(opts: BuildOptions): Promise<BuiltModel> {
  const { spec } = opts;
  const name = opts.name ?? familyOf(spec);
  const g = emitResNet(spec, opts.foldBn ?? true);
  const src = opts.stateDict
    ? storeSource(opts.stateDict, g.params, name)
    : opts.weights
      ? checkpointSource(opts.weights, g.params, name)
      : randomSource(opts.seed ?? 0);
  try {
    const onnx = encodeModel(
      g,
      src,
      encodeMeta(
        spec,
        name,
        {
          'splitlens.weights': src.kind,
          'splitlens.seed': src.kind === 'untrained' ? String(opts.seed ?? 0) : '',
        },
        opts.fixedSize ?? false,
      ),
    );
    return {
      onnx,
      weights: src.kind,
      spec,
      name,
      params: paramCount(g),
      attentionOutputs: g.outputs.map((o) => o.name).filter((n) => n.startsWith('attn:')),
    };
  } finally {
    src.close();
  }
}

/**
 * The graph alone, weights stripped (shapes kept): what analysis and diagrams need, in a fraction
 * of the time and memory of `buildModel` (ResNeSt-269e: no 444 MB of weights to generate).
 */
export function buildGraph(
  spec: ResNetSpec,
  name: string = familyOf(spec),
  fixedSize = false,
  foldBn = true,
): Uint8Array {
  const g = emitResNet(spec, foldBn);
  return encodeModel(g, undefined, encodeMeta(spec, name, { 'splitlens.weights': 'none' }, fixedSize));
}

/**
 * Graph name, input shape and `splitlens.*` metadata of a built model (`weights`: how its weights were
 * made). The input's height and width are dynamic unless `fixedSize`, as timm's exports with dynamic
 * axes; `splitlens.input_size` records the size the model is meant to run at (S or HxW).
 */
function encodeMeta(spec: ResNetSpec, name: string, weights: Record<string, string>, fixedSize: boolean): EncodeMeta {
  const [h, w] = inputHW(spec);
  return {
    name,
    inputShape: fixedSize ? ['batch', spec.inChans, h, w] : ['batch', spec.inChans, 'height', 'width'],
    producerVersion: VERSION,
    metadata: {
      'splitlens.model': name,
      ...weights,
      'splitlens.spec': JSON.stringify(spec),
      'splitlens.input_size': formatInputSize(spec.inputSize),
    },
  };
}

/** The timm state-dict layout a spec consumes: [key, shape] in `state_dict()` order. */
export function stateDictLayout(spec: ResNetSpec): [string, number[]][] {
  return emitResNet(spec).params.map((p) => [p.key, p.shape]);
}

/** timm's parameter count of a spec, without building weights. */
export function specParamCount(spec: ResNetSpec): number {
  return paramCount(emitResNet(spec));
}
