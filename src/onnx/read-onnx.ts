/**
 * Reads an ONNX file (or bytes) into an `OnnxModel`. The file is read once; protobufjs keeps
 * `raw_data` as views into that buffer, so inline weights are never copied. External data is only
 * described here (see `external-data.ts`): analysis never needs weight bytes.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UserError, oneLine } from '../common/errors.js';
import { nonFileKind } from '../common/file-kinds.js';
import { onnx, toNumber, type OnnxProto } from './proto.js';
import type { AttrValue, ExternalRef, OnnxModel, OnnxNode, OnnxTensor, TensorProto, ValueInfo } from './model.js';
import { inlineFunctions } from './inline-functions.js';
import { validateModel } from './validate.js';

/** protobuf's hard limit on one message: larger files cannot be valid ONNX. */
const MAX_PROTO_BYTES = 2 ** 31 - 1;

const textDecoder = new TextDecoder();

export async function readOnnx(source: string | Uint8Array): Promise<OnnxModel> {
  if (typeof source !== 'string') return decodeModel(source, 'ONNX bytes');
  const path = resolve(source);
  const label = basename(path);
  let size: number;
  try {
    const st = await stat(path);
    const kind = nonFileKind(st);
    if (kind) throw new UserError(`${source}: is ${kind}, not an ONNX file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`${source}: no such file`, { cause: e });
    throw new UserError(`${source}: cannot read (${oneLine(e)})`, { cause: e });
  }
  if (size === 0) throw new UserError(`${label}: empty file (0 bytes), not an ONNX model`);
  if (size > MAX_PROTO_BYTES)
    throw new UserError(`${label}: ${size} bytes is over protobuf's 2 GiB limit (weights belong in external data)`);
  const bytes = await readFile(path);
  return decodeModel(bytes, label, path);
}

export function decodeModel(bytes: Uint8Array, label: string, path?: string): OnnxModel {
  if (bytes.byteLength === 0) throw new UserError(`${label}: empty (0 bytes), not an ONNX model`);
  let proto: OnnxProto.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new UserError(`${label}: not an ONNX model or truncated (${oneLine(e)})`, { cause: e });
  }
  const graph = proto.graph;
  if (!graph?.node?.length) throw new UserError(`${label}: not an ONNX model (no graph found)`);
  validateModel(proto, label);

  const initializers = new Map<string, OnnxTensor>();
  for (const t of graph.initializer ?? []) initializers.set(t.name ?? '', tensorInfo(t));
  const opset = proto.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  const inlined = inlineFunctions(proto);
  const model: OnnxModel = {
    path,
    irVersion: toNumber(proto.irVersion),
    opset: toNumber(opset?.version),
    producer: proto.producerName ?? '',
    producerVersion: proto.producerVersion ?? '',
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(valueInfo),
    outputs: (graph.output ?? []).map(valueInfo),
    nodes: (inlined ?? graph.node).map(nodeInfo),
    initializers,
    proto,
  };
  if (inlined) model.inlinedNodes = inlined;
  return model;
}

export function tensorInfo(t: TensorProto): OnnxTensor {
  const info: OnnxTensor = {
    name: t.name ?? '',
    dataType: t.dataType ?? 0,
    dims: (t.dims ?? []).map(toNumber),
    proto: t,
  };
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    const kv = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const ref: ExternalRef = { location: kv.get('location') ?? '', offset: Number(kv.get('offset') ?? 0) };
    if (kv.has('length')) ref.length = Number(kv.get('length'));
    info.external = ref;
  }
  return info;
}

function valueInfo(v: OnnxProto.IValueInfoProto): ValueInfo {
  const tt = v.type?.tensorType;
  const info: ValueInfo = { name: v.name ?? '', elemType: tt?.elemType ?? 0 };
  if (tt?.shape) {
    info.shape = (tt.shape.dim ?? []).map((d) => {
      const n = toNumber(d.dimValue);
      return n > 0 ? n : d.dimParam || '?';
    });
  }
  return info;
}

function nodeInfo(n: OnnxProto.INodeProto, index: number): OnnxNode {
  const attrs = new Map<string, AttrValue>();
  for (const a of n.attribute ?? []) {
    const v = attrValue(a);
    if (v !== undefined) attrs.set(a.name ?? '', v);
  }
  const opType = n.opType ?? '';
  return {
    index,
    name: n.name || `${opType}_${index}`,
    opType,
    domain: n.domain ?? '',
    inputs: n.input ?? [],
    outputs: n.output ?? [],
    attrs,
  };
}

function attrValue(a: OnnxProto.IAttributeProto): AttrValue | undefined {
  const AttrType = onnx.AttributeProto.AttributeType; // here, not at import: onnx-proto loads on first use
  switch (a.type) {
    case AttrType.INT:
      return toNumber(a.i);
    case AttrType.FLOAT:
      return a.f ?? 0;
    case AttrType.STRING:
      return textDecoder.decode(a.s ?? new Uint8Array());
    case AttrType.INTS:
      return (a.ints ?? []).map(toNumber);
    case AttrType.FLOATS:
      return a.floats ?? [];
    case AttrType.STRINGS:
      return (a.strings ?? []).map((s) => textDecoder.decode(s));
    case AttrType.TENSOR:
      return a.t ?? undefined;
    default:
      return undefined;
  }
}
