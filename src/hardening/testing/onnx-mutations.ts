/**
 * Mutations of ONNX files for the malformed-input corpus and the fuzzer: byte-level (truncate,
 * flip, overwrite, splice, insert) and structure-aware ones applied to the decoded ModelProto
 * (dangling inputs, cycles, absurd dims, opsets, attribute types, data types, external data).
 */
import { onnx, type OnnxProto } from '../../onnx/proto.js';
import type { Rng } from './prng.js';

export type Model = OnnxProto.ModelProto;

export const decode = (bytes: Uint8Array): Model => onnx.ModelProto.decode(bytes);
export const encode = (m: Model): Uint8Array => onnx.ModelProto.encode(m).finish();

const nodes = (m: Model): OnnxProto.INodeProto[] => m.graph?.node ?? [];
const inits = (m: Model): OnnxProto.ITensorProto[] => m.graph?.initializer ?? [];
const AttrType = onnx.AttributeProto.AttributeType;

// ---- byte level ----

export function flipBytes(bytes: Uint8Array, rng: Rng, count: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let k = 0; k < count; k++) {
    const i = rng.int(out.length);
    out[i] = out[i]! ^ (1 << rng.int(8));
  }
  return out;
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x08, 0x0a, 0x12, 0x3a];

export function byteMutation(bytes: Uint8Array, rng: Rng): Uint8Array {
  const n = bytes.length;
  const at = rng.int(n);
  switch (rng.int(6)) {
    case 0:
      return bytes.slice(0, at);
    case 1:
      return flipBytes(bytes, rng, 1 + rng.int(8));
    case 2: {
      const out = Uint8Array.from(bytes);
      for (let k = 0, len = 1 + rng.int(8); k < len && at + k < n; k++) out[at + k] = rng.pick(INTERESTING);
      return out;
    }
    case 3: {
      // delete a range
      const len = 1 + rng.int(Math.min(64, n - at));
      return concat(bytes.subarray(0, at), bytes.subarray(at + len));
    }
    case 4: {
      // duplicate a range somewhere else
      const from = rng.int(n);
      const len = 1 + rng.int(Math.min(256, n - from));
      return concat(bytes.subarray(0, at), bytes.subarray(from, from + len), bytes.subarray(at));
    }
    default: {
      // insert random bytes
      const ins = Uint8Array.from({ length: 1 + rng.int(16) }, () => rng.int(256));
      return concat(bytes.subarray(0, at), ins, bytes.subarray(at));
    }
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A protobuf varint. */
export function varint(v: number): number[] {
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** `depth` GraphProto-in-AttributeProto levels (If/Loop bodies): protobuf recursion without end. */
export function deeplyNested(depth: number): Uint8Array {
  // Built from the inside out into one buffer, each level prefixed with its tag and length.
  const buf = new Uint8Array(depth * 24 + 64);
  let start = buf.length;
  const prepend = (bytes: number[]): void => {
    start -= bytes.length;
    buf.set(bytes, start);
  };
  for (let d = 0; d < depth; d++) {
    for (const tag of [0x32, 0x2a, 0x0a]) prepend([tag, ...varint(buf.length - start)]); // AttributeProto.g, NodeProto.attribute, GraphProto.node
  }
  // ModelProto: ir_version 8, graph, opset 17.
  const body = buf.subarray(start);
  return concat(Uint8Array.of(0x08, 0x08, 0x3a, ...varint(body.length)), body, Uint8Array.of(0x42, 0x02, 0x10, 0x11));
}

// ---- structure aware ----

/** One structural mutation on a decoded model (in place); returns what it did, for case names. */
export type StructMutation = (m: Model, rng: Rng) => string;

export const danglingInput: StructMutation = (m, rng) => {
  const n = rng.pick(nodes(m).filter((x) => x.input?.length));
  n.input![rng.int(n.input!.length)] = `missing_${rng.int(1000)}`;
  return `dangling input of ${n.name}`;
};

export const cycle: StructMutation = (m, rng) => {
  const ns = nodes(m);
  const i = rng.int(Math.max(1, ns.length - 1));
  const j = i + 1 + rng.int(ns.length - i - 1 || 1);
  const later = ns[Math.min(j, ns.length - 1)]!;
  const early = ns[i]!;
  if (early.input?.length) early.input[0] = later.output![0]!;
  return `cycle ${early.name} <- ${later.name}`;
};

export const absurdInitializerDims: StructMutation = (m, rng) => {
  const t = rng.pick(inits(m));
  t.dims = rng.pick([[2 ** 20, 2 ** 20], [2 ** 40], [-1, 64], [2 ** 53, 2], [0x7fffffff, 0x7fffffff]]);
  return `dims of ${t.name}`;
};

export const absurdInputDims: StructMutation = (m, rng) => {
  const i = m.graph!.input![0]!;
  const d = rng.pick([[1, 3, 2 ** 20, 2 ** 20], [2 ** 40], [1, 3, -7, 64], [1, 3, 0, 0], [1, 3, 65536, 65536]]);
  i.type = { tensorType: { elemType: 1, shape: { dim: d.map((v) => ({ dimValue: v })) } } };
  return `input dims [${d.join(',')}]`;
};

export const opsetChange: StructMutation = (m, rng) => {
  const v = rng.pick([0, -1, 99, 2 ** 31 - 1, 1, 7]);
  m.opsetImport = rng.int(4) === 0 ? [{ domain: 'com.example', version: 1 }] : [{ domain: '', version: v }];
  return `opset ${v}`;
};

export const unknownDomain: StructMutation = (m, rng) => {
  const n = rng.pick(nodes(m));
  n.domain = rng.pick(['com.evil.ops', 'ai.onnx.ml', 'com.microsoft', '\u0000']);
  if (rng.int(2)) m.opsetImport.push({ domain: n.domain, version: 1 });
  return `domain ${n.domain} on ${n.name}`;
};

export const attributeType: StructMutation = (m, rng) => {
  const withAttrs = nodes(m).filter((x) => x.attribute?.length);
  if (!withAttrs.length) return 'no attributes';
  const a = rng.pick(rng.pick(withAttrs).attribute!);
  a.type = rng.pick([
    AttrType.TENSOR,
    AttrType.STRING,
    AttrType.GRAPH,
    AttrType.FLOATS,
    AttrType.INT,
    0,
    99,
  ]) as OnnxProto.AttributeProto.AttributeType;
  return `attribute ${a.name} as type ${a.type}`;
};

export const attributeValue: StructMutation = (m, rng) => {
  const withAttrs = nodes(m).filter((x) => x.attribute?.length);
  if (!withAttrs.length) return 'no attributes';
  const a = rng.pick(rng.pick(withAttrs).attribute!);
  const v = rng.pick([0, -1, 2 ** 31 - 1, -(2 ** 31), 1e9]);
  if (a.type === AttrType.INTS) a.ints = (a.ints?.length ? a.ints : [0]).map(() => v);
  else if (a.type === AttrType.INT) a.i = v;
  else if (a.type === AttrType.FLOAT) a.f = rng.pick([NaN, Infinity, -0]);
  return `attribute ${a.name} = ${v}`;
};

export const dataType: StructMutation = (m, rng) => {
  const t = rng.pick(inits(m));
  t.dataType = rng.pick([0, 7, 8, 11, 99, -3]);
  return `dataType of ${t.name} = ${t.dataType}`;
};

export const rawDataLength: StructMutation = (m, rng) => {
  const t = rng.pick(
    inits(m)
      .filter((x) => x.rawData?.length)
      .concat(inits(m))
      .slice(0, 64),
  );
  t.rawData = (t.rawData ?? new Uint8Array(8)).subarray(0, rng.int((t.rawData?.length ?? 8) + 1));
  return `raw data of ${t.name} cut`;
};

export const externalData: StructMutation = (m, rng) => {
  const t = rng.pick(inits(m));
  const location = rng.pick([
    '/etc/passwd',
    '../../outside.bin',
    'a/../../b',
    'C:\\windows\\x',
    '',
    'ok.data',
    '\u0000x',
  ]);
  t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  t.externalData = [
    { key: 'location', value: location },
    { key: 'offset', value: rng.pick(['0', '-5', 'abc', '1e300']) },
  ];
  t.rawData = new Uint8Array();
  return `external ${JSON.stringify(location)}`;
};

export const dropNode: StructMutation = (m, rng) => {
  const ns = nodes(m);
  const [n] = ns.splice(rng.int(ns.length), 1);
  return `dropped ${n?.name}`;
};

export const duplicateNode: StructMutation = (m, rng) => {
  const ns = nodes(m);
  const n = rng.pick(ns);
  ns.splice(rng.int(ns.length), 0, onnx.NodeProto.create({ ...n }));
  return `duplicated ${n.name}`;
};

export const clearOutputs: StructMutation = (m, rng) => {
  const g = m.graph!;
  if (rng.int(2)) g.output = [];
  else g.output = [{ name: `nowhere_${rng.int(100)}` }];
  return 'graph outputs';
};

export const controlChars: StructMutation = (m, rng) => {
  const n = rng.pick(nodes(m));
  n.name = `evil\nline two\r\u001b[31m${n.name}`;
  if (n.input?.length) n.input[0] = `x\ny${rng.int(9)}`;
  return `control chars in ${n.name.length}-char name`;
};

// Mutations that keep the graph well-formed, so the analyzer (not just the validator) sees them.

export const rewireBackward: StructMutation = (m, rng) => {
  const ns = nodes(m);
  const i = 1 + rng.int(Math.max(1, ns.length - 1));
  const n = ns[Math.min(i, ns.length - 1)]!;
  const earlier = ns[rng.int(Math.min(i, ns.length - 1))]!;
  if (n.input?.length && earlier.output?.length) n.input[rng.int(n.input.length)] = earlier.output[0]!;
  return `rewired ${n.name} to ${earlier.name}`;
};

const OPS = [
  'Conv',
  'Relu',
  'Add',
  'Mul',
  'Sigmoid',
  'Softmax',
  'ReduceMean',
  'GlobalAveragePool',
  'Reshape',
  'Identity',
  'Split',
  'Concat',
  'Gemm',
  'MatMul',
  'AveragePool',
  'MaxPool',
  'Transpose',
  'Sum',
  'Flatten',
];

export const swapOpType: StructMutation = (m, rng) => {
  const n = rng.pick(nodes(m));
  n.opType = rng.pick(OPS);
  return `${n.name} became ${n.opType}`;
};

export const dropAttributes: StructMutation = (m, rng) => {
  const n = rng.pick(nodes(m));
  n.attribute = [];
  return `attributes of ${n.name} dropped`;
};

export const reshapeWeight: StructMutation = (m, rng) => {
  const t = rng.pick(inits(m));
  const n = (t.dims ?? []).map(Number).reduce((a, b) => a * b, 1);
  t.dims = rng.pick([[n], [1, n], [n, 1, 1, 1], [], [0]]);
  if (t.dims.length === 0 || t.dims[0] === 0) t.rawData = new Uint8Array(t.dims.length === 0 ? 4 : 0);
  return `weight ${t.name} reshaped to [${t.dims.join(',')}]`;
};

export const extraOutput: StructMutation = (m, rng) => {
  const n = rng.pick(nodes(m));
  const name = n.output?.[0];
  if (name) m.graph!.output!.splice(rng.int(2), 0, { name });
  return `output ${name} exposed`;
};

export const STRUCT_MUTATIONS: readonly StructMutation[] = [
  rewireBackward,
  swapOpType,
  dropAttributes,
  reshapeWeight,
  extraOutput,
  danglingInput,
  cycle,
  absurdInitializerDims,
  absurdInputDims,
  opsetChange,
  unknownDomain,
  attributeType,
  attributeValue,
  dataType,
  rawDataLength,
  externalData,
  dropNode,
  duplicateNode,
  clearOutputs,
  controlChars,
];

/** Decode, apply 1–3 random structural mutations, re-encode. */
export function structMutation(bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const m = decode(bytes);
  const did: string[] = [];
  for (let k = 0, count = 1 + rng.int(3); k < count; k++) {
    if (!nodes(m).length || !inits(m).length) break;
    did.push(rng.pick(STRUCT_MUTATIONS)(m, rng));
  }
  return { bytes: encode(m), what: did.join('; ') };
}
