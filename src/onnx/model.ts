/**
 * An ONNX model as splitlens reads it: the decoded protobuf plus a flat, typed view of the main
 * graph (nodes with plain attributes, initializers with their storage, inputs/outputs with shapes).
 * Weight bytes stay where they are (inline views into the file buffer, or external files read lazily).
 */
import type { OnnxProto } from './proto.js';

export type TensorProto = OnnxProto.ITensorProto;

/** A plain attribute value; tensors keep their protobuf form (read with `tensor.ts`). */
export type AttrValue = number | string | number[] | string[] | TensorProto;

export interface OnnxNode {
  /** Position in the graph (ONNX graphs are topologically sorted). */
  index: number;
  /** The node name, or `<opType>_<index>` when the export left it empty. */
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: ReadonlyMap<string, AttrValue>;
}

/** Where an external tensor's bytes live (ONNX external data: `location`, `offset`, `length`). */
export interface ExternalRef {
  location: string;
  offset: number;
  /** Absent = to the end of the file. */
  length?: number;
}

export interface OnnxTensor {
  name: string;
  /** onnx.TensorProto.DataType (1 = float32, 7 = int64, ...). */
  dataType: number;
  dims: number[];
  /** Set when the bytes live in an external file (possibly missing: weights stripped). */
  external?: ExternalRef;
  proto: TensorProto;
}

export interface ValueInfo {
  name: string;
  elemType: number;
  /** Declared shape: numbers, symbolic names, or `?`; absent when the type has no shape. */
  shape?: (number | string)[];
}

export interface OnnxModel {
  /** Absolute path of the file read, when read from disk (external data resolves next to it). */
  path?: string;
  irVersion: number;
  /** Opset of the default (`ai.onnx`) domain. */
  opset: number;
  producer: string;
  producerVersion: string;
  /** Graph inputs that are real inputs (initializers listed as inputs by old exporters removed). */
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: OnnxNode[];
  initializers: ReadonlyMap<string, OnnxTensor>;
  /** The decoded protobuf, for re-serialisation (`withExtraOutputs`). Treat as read-only. */
  proto: OnnxProto.ModelProto;
  /** The graph's nodes with local functions inlined, when the model calls any (`inline-functions.ts`). */
  inlinedNodes?: OnnxProto.INodeProto[];
}
