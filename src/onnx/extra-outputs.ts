/**
 * Re-serialises a model with extra graph outputs (the analyzer's attention taps), so the runtime can
 * read intermediate tensors of a foreign ONNX. Models with external data get their weights inlined
 * in the returned bytes: ORT resolves external locations relative to the model *file*, which bytes
 * in memory do not have. Inputs, nodes and inline weights are shared with the decoded model (no copy
 * until the single encode).
 */
import { UserError } from '../common/errors.js';
import { onnx, type OnnxProto } from './proto.js';
import type { OnnxModel } from './model.js';
import { externalTensors, readExternalTensor, withOpenFiles } from './external-data.js';
import { DataType } from './tensor.js';

export function withExtraOutputs(model: OnnxModel, tensorNames: string[]): Uint8Array {
  const graph = model.proto.graph;
  if (!graph) throw new UserError('model has no graph');
  const produced = new Set<string>();
  for (const n of model.nodes) for (const o of n.outputs) produced.add(o);
  for (const i of model.inputs) produced.add(i.name);
  const existing = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const extra: OnnxProto.IValueInfoProto[] = [];
  for (const name of tensorNames) {
    if (!produced.has(name)) throw new Error(`no tensor named ${name} in the model`);
    if (existing.has(name)) continue;
    existing.add(name);
    extra.push({ name, type: { tensorType: { elemType: DataType.FLOAT } } });
  }
  const initializer = inlineExternal(model);
  // Taps inside local functions exist only once inlined: write the inlined nodes.
  const node = model.inlinedNodes ?? graph.node;
  const newGraph = onnx.GraphProto.create({ ...graph, node, output: [...(graph.output ?? []), ...extra], initializer });
  const newModel = onnx.ModelProto.create({ ...model.proto, graph: newGraph });
  return onnx.ModelProto.encode(newModel).finish();
}

/** The initializer list with external tensors replaced by inline copies (others shared as-is). */
function inlineExternal(model: OnnxModel): OnnxProto.ITensorProto[] {
  const list = model.proto.graph?.initializer ?? [];
  if (!externalTensors(model).length) return list;
  return withOpenFiles((fds) =>
    list.map((t) => {
      const info = model.initializers.get(t.name ?? '');
      if (!info?.external) return t;
      const rawData = readExternalTensor(model, info, fds);
      return onnx.TensorProto.create({
        ...t,
        rawData,
        externalData: [],
        dataLocation: onnx.TensorProto.DataLocation.DEFAULT,
      });
    }),
  );
}
