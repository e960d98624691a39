/** Test helpers: small ONNX models written with onnx-proto, and external-data rewrites of real ones. */
import { onnx } from '../proto.js';

type Dim = number | string;

const valueInfo = (name: string, shape: Dim[]) => ({
  name,
  type: {
    tensorType: {
      elemType: 1,
      shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

function floatTensor(name: string, dims: number[], seed: number) {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n).map((_, i) => Math.sin(seed * 31 + i) * 0.1);
  return { name, dims, dataType: 1, rawData: new Uint8Array(data.buffer) };
}

/** A residual MLP: x → Gemm → Relu → Gemm → Add(x) → Gemm (no convs: not a ResNet). */
export function residualMlp(): Uint8Array {
  const graph = {
    name: 'mlp',
    input: [valueInfo('x', ['batch', 16])],
    output: [valueInfo('y', ['batch', 4])],
    initializer: [floatTensor('w1', [16, 16], 1), floatTensor('w2', [16, 16], 2), floatTensor('w3', [4, 16], 3)],
    node: [
      {
        name: 'fc1',
        opType: 'Gemm',
        input: ['x', 'w1'],
        output: ['h1'],
        attribute: [{ name: 'transB', type: 2, i: 1 }],
      },
      { name: 'act', opType: 'Relu', input: ['h1'], output: ['h2'] },
      {
        name: 'fc2',
        opType: 'Gemm',
        input: ['h2', 'w2'],
        output: ['h3'],
        attribute: [{ name: 'transB', type: 2, i: 1 }],
      },
      { name: 'res', opType: 'Add', input: ['h3', 'x'], output: ['h4'] },
      {
        name: 'fc3',
        opType: 'Gemm',
        input: ['h4', 'w3'],
        output: ['y'],
        attribute: [{ name: 'transB', type: 2, i: 1 }],
      },
    ],
  };
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ version: 17 }], producerName: 'test', graph });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Moves every initializer of at least `threshold` bytes into one external file, like
 * `onnx.save_model(save_as_external_data=True)`. Returns the model bytes and the data bytes.
 */
export function toExternalData(
  bytes: Uint8Array,
  location: string,
  threshold = 1024,
): { model: Uint8Array; data: Uint8Array } {
  const m = onnx.ModelProto.decode(bytes);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const t of m.graph?.initializer ?? []) {
    const raw = t.rawData;
    if (!raw || raw.byteLength < threshold) continue;
    chunks.push(raw);
    t.externalData = [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.byteLength) },
    ];
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.rawData = new Uint8Array();
    offset += raw.byteLength;
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.byteLength;
  }
  return { model: onnx.ModelProto.encode(m).finish(), data };
}

/**
 * Wraps every Relu, Sigmoid and Softmax of a model into calls of model-local functions (Relu two
 * levels deep, Softmax with its axis as an attribute reference), like older dynamo exports; inside
 * each function the op's output is an inner tensor `b`.
 */
export function wrapInFunctions(bytes: Uint8Array): Uint8Array {
  const m = onnx.ModelProto.decode(bytes);
  const domain = 'pkg.splitlens.test';
  const opsets = [
    { domain: '', version: 17 },
    { domain, version: 1 },
  ];
  // Gates sit between two Identity nodes, so the gate's own output exists only inside the function.
  const fn = (name: string, node: object, attribute: string[] = []) => ({
    name,
    domain,
    input: ['x'],
    output: ['y'],
    attribute,
    opsetImport: opsets,
    node: [
      { opType: 'Identity', input: ['x'], output: ['a'] },
      { input: ['a'], output: ['b'], ...node },
      { opType: 'Identity', input: ['b'], output: ['y'] },
    ],
  });
  m.functions = [
    fn('Act', { opType: 'Act2', domain, name: 'inner' }),
    fn('Act2', { opType: 'Relu' }),
    fn('Gate', { opType: 'Sigmoid' }),
    fn('RadixSoftmax', { opType: 'Softmax', attribute: [{ name: 'axis', refAttrName: 'axis', type: 2 }] }, ['axis']),
  ].map((f) => onnx.FunctionProto.create(f));
  const calls: Record<string, string> = { Relu: 'Act', Sigmoid: 'Gate', Softmax: 'RadixSoftmax' };
  for (const n of m.graph!.node!) {
    const call = calls[n.opType ?? ''];
    if (call) {
      n.opType = call;
      n.domain = domain;
    }
  }
  m.opsetImport = [...(m.opsetImport ?? []), { domain, version: 1 }];
  return onnx.ModelProto.encode(m).finish();
}
