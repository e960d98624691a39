/**
 * Sanity checks on a decoded ONNX model before anything else (analysis, onnxruntime's native
 * loader) sees it: the rules of onnx's checker that matter for safety (opsets, topological order,
 * attribute types, tensor sizes, external-data locations inside the model's folder), each
 * failing with one line naming the file and what is wrong. Files come from the internet.
 */
import { isAbsolute } from 'node:path';
import { UserError } from '../common/errors.js';
import { onnx, toNumber, type OnnxProto } from './proto.js';

/** Newest IR version / default-domain opset onnxruntime-node 1.30 loads. */
export const MAX_IR_VERSION = 13;
export const MAX_OPSET = 26;
/** Largest initializer (elements; 16 GiB of float32) and declared input (1 GiB of float32). */
export const MAX_TENSOR_ELEMENTS = 2 ** 32;
export const MAX_INPUT_ELEMENTS = 2 ** 28;
/** Operator domains onnxruntime provides kernels for. */
const KNOWN_DOMAINS = new Set([
  '',
  'ai.onnx',
  'ai.onnx.ml',
  'com.microsoft',
  'com.microsoft.nchwc',
  'ai.onnx.preview.training',
]);

/** The field each scalar attribute type must carry (made on first use: onnx-proto loads lazily). */
function attrFields(AttrType: typeof onnx.AttributeProto.AttributeType) {
  const fields: Partial<Record<number, keyof OnnxProto.IAttributeProto>> = {
    [AttrType.FLOAT]: 'f',
    [AttrType.INT]: 'i',
    [AttrType.STRING]: 's',
    [AttrType.TENSOR]: 't',
    [AttrType.GRAPH]: 'g',
  };
  return fields;
}
/** Bytes per element of fixed-size data types (onnx.TensorProto.DataType). */
const ELEM_BYTES: Record<number, number> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  14: 8,
  15: 16,
  16: 2,
  17: 1,
  18: 1,
  19: 1,
  20: 1,
};
const MAX_DATA_TYPE = 23;

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function validateModel(proto: OnnxProto.ModelProto, label: string): void {
  const fail = (what: string): never => {
    // Names come from the file: no control characters, so the message stays one line.
    throw new UserError(Array.from(`${label}: ${what}`, (c) => (c < ' ' || c === '\u007f' ? '?' : c)).join(''));
  };
  const ir = toNumber(proto.irVersion);
  if (ir > MAX_IR_VERSION || ir < 0)
    fail(`IR version ${ir} is not supported (onnxruntime reads up to ${MAX_IR_VERSION})`);
  const imported = new Map<string, number>();
  for (const o of proto.opsetImport ?? [])
    imported.set(o.domain === 'ai.onnx' ? '' : (o.domain ?? ''), toNumber(o.version));
  const opset = imported.get('');
  if (opset === undefined) fail('no opset import for the default ONNX domain (truncated or not an ONNX model)');
  if (opset! < 1 || opset! > MAX_OPSET)
    fail(`opset ${opset} is not supported (onnxruntime runs opsets 1 to ${MAX_OPSET})`);
  checkGraph(proto, imported, fail);
  checkTensors(proto.graph!, fail);
}

function checkGraph(
  proto: OnnxProto.ModelProto,
  imported: ReadonlyMap<string, number>,
  fail: (w: string) => never,
): void {
  const graph = proto.graph!;
  const AttrType = onnx.AttributeProto.AttributeType;
  const attrField = attrFields(AttrType);
  const functions = new Set((proto.functions ?? []).map((f) => `${f.domain ?? ''}::${f.name ?? ''}`));
  const defined = new Set<string>();
  for (const i of graph.input ?? []) defined.add(i.name ?? '');
  for (const t of graph.initializer ?? []) defined.add(t.name ?? '');
  for (const t of graph.sparseInitializer ?? []) defined.add(t.values?.name ?? '');
  for (const [index, n] of (graph.node ?? []).entries()) {
    const name = n.name || `#${index}`;
    if (!n.opType) fail(`node ${name} has no operator type`);
    const domain = n.domain === 'ai.onnx' ? '' : (n.domain ?? '');
    if (!imported.has(domain))
      fail(`node ${name} (${n.opType}) uses domain "${domain}" that the model does not import`);
    const local = functions.has(`${n.domain ?? ''}::${n.opType}`);
    if (!local && !KNOWN_DOMAINS.has(domain))
      fail(`node ${name} (${n.opType}) uses operators from unknown domain "${domain}"`);
    for (const input of n.input ?? []) {
      if (input && !defined.has(input)) {
        fail(
          `node ${name} (${n.opType}) reads "${input}", which no input, initializer or earlier node provides (missing input or cycle)`,
        );
      }
    }
    for (const a of n.attribute ?? []) {
      const field = attrField[a.type ?? 0];
      if (field && !has(a, field))
        fail(`attribute ${a.name} of node ${name} is declared ${AttrType[a.type!]} but holds no such value`);
      if (!a.type && !a.refAttrName) fail(`attribute ${a.name} of node ${name} has no type`);
    }
    for (const output of n.output ?? []) {
      if (!output) continue;
      if (defined.has(output)) fail(`tensor "${output}" is produced twice (by node ${name} and before it)`);
      defined.add(output);
    }
  }
  for (const o of graph.output ?? []) {
    if (!defined.has(o.name ?? '')) fail(`graph output "${o.name}" is not produced by any node`);
  }
  for (const i of graph.input ?? []) {
    const dims = (i.type?.tensorType?.shape?.dim ?? []).map((d) => toNumber(d.dimValue)).filter((d) => d > 0);
    const n = dims.reduce((a, b) => a * b, 1);
    if (n > MAX_INPUT_ELEMENTS)
      fail(`input "${i.name}" declares [${dims.join(', ')}]: ${n.toExponential(2)} elements is beyond any image model`);
  }
}

function checkTensors(graph: OnnxProto.IGraphProto, fail: (w: string) => never): void {
  const locations = new Set<string>();
  for (const t of graph.initializer ?? []) {
    const name = `initializer "${t.name}"`;
    const dims = (t.dims ?? []).map(toNumber);
    if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) fail(`${name} has invalid dims [${dims.join(', ')}]`);
    const n = dims.reduce((a, b) => a * b, 1);
    if (n > MAX_TENSOR_ELEMENTS) fail(`${name} declares ${n.toExponential(2)} elements (dims [${dims.join(', ')}])`);
    const dt = t.dataType ?? 0;
    if (dt < 1 || dt > MAX_DATA_TYPE) fail(`${name} has unknown data type ${dt}`);
    if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
      const kv = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
      const location = kv.get('location') ?? '';
      for (const k of ['offset', 'length']) {
        const v = kv.get(k);
        if (v !== undefined && !/^\d{1,15}$/.test(v)) fail(`${name}: external data ${k} "${v}" is not a byte count`);
      }
      locations.add(location);
      continue;
    }
    const size = ELEM_BYTES[dt];
    const raw = t.rawData?.byteLength ?? 0;
    if (size && raw > 0 && raw !== n * size)
      fail(`${name} holds ${raw} bytes but dims [${dims.join(', ')}] need ${n * size}`);
  }
  for (const location of locations) {
    if (!isLocalLocation(location))
      fail(`external data location "${location.slice(0, 200)}" must be a relative path inside the model's folder`);
  }
}

/** onnx's rule for external data: a relative path inside the model's folder (symlinks are checked when the data is read). */
export function isLocalLocation(location: string): boolean {
  const parts = location.split(/[\\/]+/);
  return (
    !!location &&
    !isAbsolute(location) &&
    !/^[a-zA-Z]:/.test(location) &&
    !parts.includes('..') &&
    !location.includes('\0')
  );
}
