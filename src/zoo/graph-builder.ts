/**
 * A small ONNX graph builder that names things the way PyTorch's TorchScript exporter does for
 * timm models (`/layer1/layer1.0/conv2/fc1/Conv`, outputs `<node>_output_0`), and records which
 * timm state-dict entries each op consumes (in timm's `state_dict()` order) without touching data.
 */
import { onnx } from '../onnx/proto.js';
import { UserError } from '../common/errors.js';

type NodeProto = InstanceType<typeof onnx.NodeProto>;

/** How a random init should fill a tensor (ignored when weights come from a checkpoint). */
export type ParamRole = 'weight' | 'bias' | 'bn_weight' | 'bn_bias' | 'bn_mean' | 'bn_var' | 'bn_count';

/** One entry of the timm state dict the graph consumes. */
export interface ParamDecl {
  key: string;
  shape: number[];
  role: ParamRole;
  /** Random init: fan-in of a weight, and the gain (or BN gamma) to use. */
  fanIn?: number;
  gain?: number;
}

/** How an initializer is made from state-dict entries. */
export type InitializerRecipe =
  | { kind: 'conv'; weight: string; bias?: string; bn?: string; name: string; biasName?: string; outChannels: number }
  | { kind: 'plain'; key: string; name: string };

export type Attr = number | number[] | { f: number };

export interface GraphOutput {
  name: string;
  shape: (number | string)[];
}

/** `layer1.0.conv2.paths.0.conv` → `/layer1/layer1.0/conv2/paths/paths.0/conv` minus empty scopes. */
export function scopeOf(path: string): string {
  if (!path) return '';
  const parts = path.split('.');
  const scopes: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      // Sequential children are scoped as `<container>/<container>.<index>`.
      scopes.push(p, `${p}.${next}`);
      i++;
    } else {
      scopes.push(p);
    }
  }
  return '/' + scopes.join('/');
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly params: ParamDecl[] = [];
  readonly recipes: InitializerRecipe[] = [];
  readonly outputs: GraphOutput[] = [];
  private readonly nameCounts = new Map<string, number>();
  private readonly declared = new Set<string>();

  constructor(readonly foldBn: boolean) {}

  /** Add a node in the scope of a timm module path; returns its output tensor name. */
  op(scope: string, opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.opN(scope, opType, inputs, attrs, 1, output)[0]!;
  }

  /** A node with `count` outputs (Split). */
  opN(
    scope: string,
    opType: string,
    inputs: string[],
    attrs: Record<string, Attr>,
    count: number,
    output?: string,
  ): string[] {
    const base = `${scopeOf(scope)}/${opType}`;
    const n = this.nameCounts.get(base) ?? 0;
    this.nameCounts.set(base, n + 1);
    const name = n === 0 ? base : `${base}_${n}`;
    const outs = Array.from({ length: count }, (_, i) => (i === 0 && output ? output : `${name}_output_${i}`));
    const attribute = Object.entries(attrs).map(([k, v]) => {
      if (Array.isArray(v))
        return onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
      if (typeof v === 'number')
        return onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.INT, i: v });
      return onnx.AttributeProto.create({ name: k, type: onnx.AttributeProto.AttributeType.FLOAT, f: v.f });
    });
    this.nodes.push(onnx.NodeProto.create({ name, opType, input: inputs, output: outs, attribute }));
    return outs;
  }

  /** An int64 Constant node (shapes and axes), as the exporter writes them. */
  constInts(scope: string, values: number[]): string {
    const t = onnx.TensorProto.create({
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
    });
    const base = `${scopeOf(scope)}/Constant`;
    const n = this.nameCounts.get(base) ?? 0;
    this.nameCounts.set(base, n + 1);
    const name = n === 0 ? base : `${base}_${n}`;
    const out = `${name}_output_0`;
    this.nodes.push(
      onnx.NodeProto.create({
        name,
        opType: 'Constant',
        input: [],
        output: [out],
        attribute: [onnx.AttributeProto.create({ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t })],
      }),
    );
    return out;
  }

  declare(p: ParamDecl): string {
    if (this.declared.has(p.key)) throw new Error(`internal: state-dict key declared twice: ${p.key}`);
    this.declared.add(p.key);
    this.params.push(p);
    return p.key;
  }

  private declareBn(bn: string, c: number, gamma: number): void {
    this.declare({ key: `${bn}.weight`, shape: [c], role: 'bn_weight', gain: gamma });
    this.declare({ key: `${bn}.bias`, shape: [c], role: 'bn_bias' });
    this.declare({ key: `${bn}.running_mean`, shape: [c], role: 'bn_mean' });
    this.declare({ key: `${bn}.running_var`, shape: [c], role: 'bn_var' });
    this.declare({ key: `${bn}.num_batches_tracked`, shape: [], role: 'bn_count' });
  }

  /**
   * Conv2d (+ optional bias) (+ optional BatchNorm, folded into the conv or emitted as a node).
   * `path` is the conv's module path (`layer1.0.conv1`); `bn` the BatchNorm's (`layer1.0.bn1`).
   */
  conv(
    path: string,
    input: string,
    o: {
      inC: number;
      outC: number;
      k: number;
      stride?: number;
      pad?: number;
      dilation?: number;
      groups?: number;
      bias?: boolean;
      bn?: string;
      gain?: number;
      bnGamma?: number;
    },
  ): string {
    const { inC, outC, k, stride = 1, dilation = 1, groups = 1 } = o;
    const pad = o.pad ?? 0;
    if (inC % groups !== 0 || outC % groups !== 0) {
      throw new UserError(`${path}: ${inC} -> ${outC} channels do not split into ${groups} groups`);
    }
    const fanIn = (inC / groups) * k * k;
    const weight = this.declare({
      key: `${path}.weight`,
      shape: [outC, inC / groups, k, k],
      role: 'weight',
      fanIn,
      gain: o.gain ?? Math.SQRT2,
    });
    const bias = o.bias ? this.declare({ key: `${path}.bias`, shape: [outC], role: 'bias' }) : undefined;
    if (o.bn) this.declareBn(o.bn, outC, o.bnGamma ?? 1);
    const attrs = {
      dilations: [dilation, dilation],
      group: groups,
      kernel_shape: [k, k],
      pads: [pad, pad, pad, pad],
      strides: [stride, stride],
    };
    if (o.bn && this.foldBn) {
      const name = `${path}.weight`;
      const biasName = `${path}.bias`;
      this.recipes.push({ kind: 'conv', weight, bias, bn: o.bn, name, biasName, outChannels: outC });
      return this.op(path, 'Conv', [input, name, biasName], attrs);
    }
    this.recipes.push({ kind: 'conv', weight, bias, name: weight, biasName: bias, outChannels: outC });
    const y = this.op(path, 'Conv', bias ? [input, weight, bias] : [input, weight], attrs);
    if (!o.bn) return y;
    for (const s of ['weight', 'bias', 'running_mean', 'running_var'])
      this.recipes.push({ kind: 'plain', key: `${o.bn}.${s}`, name: `${o.bn}.${s}` });
    return this.op(
      o.bn,
      'BatchNormalization',
      [y, `${o.bn}.weight`, `${o.bn}.bias`, `${o.bn}.running_mean`, `${o.bn}.running_var`],
      { epsilon: { f: 1e-5 } },
    );
  }

  /** A parameter used as-is (Gemm weights, ECA's 1-D conv). */
  plain(p: ParamDecl): string {
    this.declare(p);
    this.recipes.push({ kind: 'plain', key: p.key, name: p.key });
    return p.key;
  }

  output(name: string, shape: (number | string)[]): void {
    this.outputs.push({ name, shape });
  }
}
