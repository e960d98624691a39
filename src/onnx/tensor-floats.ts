/**
 * The values of a floating-point initializer as a Float32Array: inline bytes (float32, float16,
 * double), the proto's float list, or its external data file. Weight statistics and the CAM head
 * read weights through this one function.
 */
import { UserError } from '../common/errors.js';
import { readExternalTensor } from './external-data.js';
import type { OnnxModel, OnnxTensor } from './model.js';
import { DataType } from './tensor.js';

function fromBytes(bytes: Uint8Array, dataType: number): Float32Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dataType === DataType.FLOAT) {
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  if (dataType === DataType.DOUBLE) {
    const out = new Float32Array(bytes.byteLength >> 3);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
    return out;
  }
  if (dataType === DataType.FLOAT16) {
    const out = new Float32Array(bytes.byteLength >> 1);
    for (let i = 0; i < out.length; i++) out[i] = half(view.getUint16(i * 2, true));
    return out;
  }
  return undefined;
}

/** IEEE 754 half → number. */
function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * The tensor's values; undefined for a type that is not floating point. A stripped export's
 * missing external data throws a UserError saying so.
 */
export function floatValues(model: OnnxModel, t: OnnxTensor): Float32Array | undefined {
  if (t.external) return fromBytes(readExternalTensor(model, t), t.dataType);
  const raw = t.proto.rawData;
  if (raw && raw.byteLength) return fromBytes(raw, t.dataType);
  if (t.proto.floatData?.length) return Float32Array.from(t.proto.floatData);
  if (t.proto.doubleData?.length) return Float32Array.from(t.proto.doubleData);
  if (t.dims.some((d) => d === 0)) return new Float32Array(0);
  if (t.dataType === DataType.FLOAT16 && t.proto.int32Data?.length) return Float32Array.from(t.proto.int32Data, half);
  throw new UserError(`${t.name}: the tensor has no values in the file`);
}
