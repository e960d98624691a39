/**
 * The ONNX protobuf schema (onnx.proto v1.10, protobufjs static code from `onnx-proto`) and the
 * small conversions every reader needs: int64 fields arrive as `Long` objects or numbers.
 */
import { createRequire } from 'node:module';
import type * as OnnxProtoModule from 'onnx-proto';

export type { onnx as OnnxProto } from 'onnx-proto';

type Onnx = typeof OnnxProtoModule.onnx;
let loaded: Onnx | undefined;

/**
 * onnx-proto's `onnx` namespace, loaded on first use: its generated code takes ~90 ms to load, which
 * every start paid before anything ran, though a start from cached models reads no protobuf (the
 * inference worker loads a cached model by path).
 */
export const onnx: Onnx = new Proxy({} as Onnx, {
  get: (_target, key) =>
    Reflect.get((loaded ??= (createRequire(import.meta.url)('onnx-proto') as typeof OnnxProtoModule).onnx), key),
});

/** A protobuf int64 as a JS number (model dims and attributes stay far below 2^53). */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}
