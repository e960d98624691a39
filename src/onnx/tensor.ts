/**
 * Values of small constant tensors (axes, pads, reshape targets) and element counts. Only inline
 * data is decoded here; weights are never touched.
 */
import { toNumber } from './proto.js';
import type { AttrValue, OnnxModel, OnnxNode, TensorProto } from './model.js';

export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, FLOAT16: 10, DOUBLE: 11, BFLOAT16: 16 } as const;

const FLOATING = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.DOUBLE, DataType.BFLOAT16]);

export function isFloating(dataType: number): boolean {
  return FLOATING.has(dataType);
}

export function numel(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export function isTensorProto(v: AttrValue | undefined): v is TensorProto {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Inline numeric values of a tensor (int32/int64/float/double), or undefined for external or big ones. */
export function tensorValues(t: TensorProto, maxElements = 64): number[] | undefined {
  const dims = (t.dims ?? []).map(toNumber);
  if (numel(dims) > maxElements) return undefined;
  const raw = t.rawData;
  const dt = t.dataType ?? 0;
  if (raw && raw.byteLength > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: number[] = [];
    if (dt === DataType.INT64)
      for (let i = 0; i + 8 <= raw.byteLength; i += 8) out.push(Number(view.getBigInt64(i, true)));
    else if (dt === DataType.INT32) for (let i = 0; i + 4 <= raw.byteLength; i += 4) out.push(view.getInt32(i, true));
    else if (dt === DataType.FLOAT) for (let i = 0; i + 4 <= raw.byteLength; i += 4) out.push(view.getFloat32(i, true));
    else if (dt === DataType.DOUBLE)
      for (let i = 0; i + 8 <= raw.byteLength; i += 8) out.push(view.getFloat64(i, true));
    else return undefined;
    return out;
  }
  if (t.int64Data?.length) return t.int64Data.map(toNumber);
  if (t.int32Data?.length) return [...t.int32Data];
  if (t.floatData?.length) return [...t.floatData];
  if (t.doubleData?.length) return [...t.doubleData];
  return dims.length === 0 || numel(dims) === 0 ? [] : undefined;
}

/** Constant values of a tensor name: an inline initializer or the output of a Constant node. */
export function constantValues(
  model: OnnxModel,
  producers: ReadonlyMap<string, OnnxNode>,
  name: string | undefined,
): number[] | undefined {
  if (!name) return undefined;
  const init = model.initializers.get(name);
  if (init) return init.external ? undefined : tensorValues(init.proto);
  const p = producers.get(name);
  if (p?.opType === 'Constant') {
    const v = p.attrs.get('value');
    if (isTensorProto(v)) return tensorValues(v);
    const ints = p.attrs.get('value_ints') ?? p.attrs.get('value_int');
    if (typeof ints === 'number') return [ints];
    if (Array.isArray(ints)) return ints.map(Number);
  }
  if (p?.opType === 'Identity') return constantValues(model, producers, p.inputs[0]);
  return undefined;
}
