/**
 * Turn a built graph plus a weight source into ONNX bytes (opset 17, IR 8): initializers are made
 * from timm state-dict tensors, BatchNorm folded into the preceding conv in float64
 * (w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β, ε = 1e-5) when the graph asks for it.
 */
import { onnx } from '../onnx/proto.js';
import type { GraphBuilder, ParamDecl } from './graph-builder.js';
import type { WeightSource } from './weight-sources.js';
import { INPUT_NAME } from './resnet-graph.js';

type TensorProto = InstanceType<typeof onnx.TensorProto>;

const BN_EPS = 1e-5;

function floatTensor(name: string, dims: number[], data: Float32Array): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

/** Where a graph-only build says its weights are: nowhere (like an export with weights stripped). */
const STRIPPED_LOCATION = 'weights-not-built.data';

/** A float initializer with its shape but no data: enough for analysis and diagrams. */
function strippedTensor(name: string, dims: number[]): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [onnx.StringStringEntryProto.create({ key: 'location', value: STRIPPED_LOCATION })],
  });
}

function valueInfo(name: string, shape: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({
          dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        }),
      }),
    }),
  });
}

/** The graph's state-dict declarations by key; an undeclared key is an internal fault. */
function declarations(g: GraphBuilder): (key: string) => ParamDecl {
  const decl = new Map<string, ParamDecl>(g.params.map((p) => [p.key, p]));
  return (key) => {
    const p = decl.get(key);
    if (!p) throw new Error(`internal: undeclared state-dict key ${key}`);
    return p;
  };
}

function strippedInitializers(g: GraphBuilder): TensorProto[] {
  const decl = declarations(g);
  const shape = (key: string): number[] => decl(key).shape;
  return g.recipes.flatMap((r) => {
    if (r.kind === 'plain') return [strippedTensor(r.name, shape(r.key))];
    const w = strippedTensor(r.name, shape(r.weight));
    const hasBias = r.bn || r.bias;
    return hasBias && r.biasName ? [w, strippedTensor(r.biasName, [r.outChannels])] : [w];
  });
}

function initializers(g: GraphBuilder, src: WeightSource): TensorProto[] {
  const decl = declarations(g);
  const get = (key: string): { p: ParamDecl; data: Float32Array } => {
    const p = decl(key);
    return { p, data: src.read(p) };
  };
  const out: TensorProto[] = [];
  for (const r of g.recipes) {
    if (r.kind === 'plain') {
      const { p, data } = get(r.key);
      out.push(floatTensor(r.name, p.shape, data));
      continue;
    }
    const w = get(r.weight);
    const bias = r.bias ? get(r.bias).data : undefined;
    if (!r.bn) {
      out.push(floatTensor(r.name, w.p.shape, w.data));
      if (bias && r.biasName) out.push(floatTensor(r.biasName, [r.outChannels], bias));
      continue;
    }
    const gamma = get(`${r.bn}.weight`).data;
    const beta = get(`${r.bn}.bias`).data;
    const mean = get(`${r.bn}.running_mean`).data;
    const variance = get(`${r.bn}.running_var`).data;
    const per = w.data.length / r.outChannels;
    const b = new Float32Array(r.outChannels);
    for (let o = 0; o < r.outChannels; o++) {
      const scale = gamma[o]! / Math.sqrt(variance[o]! + BN_EPS);
      const base = o * per;
      for (let i = 0; i < per; i++) w.data[base + i] = w.data[base + i]! * scale;
      b[o] = ((bias ? bias[o]! : 0) - mean[o]!) * scale + beta[o]!;
    }
    out.push(floatTensor(r.name, w.p.shape, w.data));
    out.push(floatTensor(r.biasName!, [r.outChannels], b));
  }
  return out;
}

export interface EncodeMeta {
  name: string;
  inputShape: (number | string)[];
  metadata: Record<string, string>;
  producerVersion: string;
}

/** `src` undefined: a graph-only model whose initializers keep their shapes but no data. */
export function encodeModel(g: GraphBuilder, src: WeightSource | undefined, meta: EncodeMeta): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: meta.name,
    node: g.nodes,
    initializer: src ? initializers(g, src) : strippedInitializers(g),
    input: [valueInfo(INPUT_NAME, meta.inputShape)],
    output: g.outputs.map((o) => valueInfo(o.name, o.shape)),
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 17 })],
    producerName: 'splitlens',
    producerVersion: meta.producerVersion,
    graph,
    metadataProps: Object.entries(meta.metadata).map(([key, value]) =>
      onnx.StringStringEntryProto.create({ key, value }),
    ),
  });
  return onnx.ModelProto.encode(model).finish();
}
