/**
 * Test helper: rewrites a fixture export the way other exporters differ from TorchScript — generic
 * node and tensor names (dynamo's `node_Conv_12`), opset 18 (Reduce axes as inputs), and another
 * valid topological node order — to prove the analysis reads structure, not names.
 */
import { onnx, type OnnxProto } from '../../onnx/proto.js';

export interface Rewritten {
  bytes: Uint8Array;
  /** Old tensor name → new tensor name. */
  renamed: Map<string, string>;
}

export function rewriteExport(bytes: Uint8Array): Rewritten {
  const m = onnx.ModelProto.decode(bytes);
  const g = m.graph as OnnxProto.GraphProto;
  const nodes = g.node as OnnxProto.NodeProto[];
  const keep = new Set([...(g.input ?? []), ...(g.output ?? [])].map((v) => v.name!));
  const renamed = new Map<string, string>();
  const rename = (t: string) => {
    if (!t || keep.has(t)) return t;
    let n = renamed.get(t);
    if (!n) renamed.set(t, (n = `val_${renamed.size}`));
    return n;
  };
  const extra: OnnxProto.ITensorProto[] = [];
  for (const node of nodes) {
    const axesAttr = node.attribute.find((a) => a.name === 'axes');
    if (node.opType.startsWith('Reduce') && axesAttr?.ints) {
      const name = `axes_${extra.length}`;
      extra.push({ name, dims: [axesAttr.ints.length], dataType: 7, int64Data: axesAttr.ints });
      node.input = [...node.input, name];
      node.attribute = node.attribute.filter((a) => a !== axesAttr);
    }
  }
  g.initializer = [...g.initializer, ...extra.map((t) => onnx.TensorProto.create(t))];
  for (const t of g.initializer) t.name = rename(t.name!);
  const ordered = reorder(nodes);
  g.node = ordered;
  ordered.forEach((node, i) => {
    node.name = `node_${node.opType}_${i}`;
    node.input = node.input.map(rename);
    node.output = node.output.map(rename);
  });
  g.valueInfo = [];
  m.opsetImport = [{ domain: '', version: 18 }];
  return { bytes: onnx.ModelProto.encode(m).finish(), renamed };
}

/** Another topological order: depth-first (Kahn's algorithm with a stack instead of a queue). */
function reorder(nodes: OnnxProto.NodeProto[]): OnnxProto.NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.output.forEach((o) => producer.set(o, i)));
  const deps = nodes.map(
    (n) => new Set(n.input.map((t) => producer.get(t)).filter((p): p is number => p !== undefined)),
  );
  const users = nodes.map(() => [] as number[]);
  deps.forEach((d, i) => d.forEach((p) => users[p]!.push(i)));
  const missing = deps.map((d) => d.size);
  const stack = missing.flatMap((c, i) => (c === 0 ? [i] : [])).reverse();
  const order: number[] = [];
  while (stack.length) {
    const i = stack.pop()!;
    order.push(i);
    for (const u of users[i]!.slice().reverse()) if (--missing[u]! === 0) stack.push(u);
  }
  return order.map((i) => nodes[i]!);
}
