/**
 * The ONNX protobuf schema (onnx.proto v1.10, protobufjs static code from `onnx-proto`) and the
 * small conversions every reader needs: int64 fields arrive as `Long` objects or numbers.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type { onnx as OnnxProto } from 'onnx-proto';

/** A protobuf int64 as a JS number (model dims and attributes stay far below 2^53). */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}
