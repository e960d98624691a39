/**
 * Inlines model-local functions (ONNX `FunctionProto`, IR 8+), as older PyTorch dynamo exports wrap
 * every module in one: the analysis then sees plain ops. Inner tensors get the call's name as a scope
 * (`<call>/<tensor>`), attribute references (`ref_attr_name`) take the call's values.
 */
import { onnx, type OnnxProto } from './proto.js';

const MAX_DEPTH = 16;

/** The graph's nodes with every local-function call expanded, or undefined when there are none. */
export function inlineFunctions(proto: OnnxProto.IModelProto): OnnxProto.INodeProto[] | undefined {
  const functions = new Map<string, OnnxProto.IFunctionProto>();
  for (const f of proto.functions ?? []) functions.set(`${f.domain ?? ''}::${f.name ?? ''}`, f);
  const nodes = proto.graph?.node ?? [];
  if (!functions.size || !nodes.some((n) => functions.has(key(n)))) return undefined;
  const out: OnnxProto.INodeProto[] = [];
  for (const n of nodes) expand(n, functions, out, 0);
  return out;
}

const key = (n: OnnxProto.INodeProto) => `${n.domain ?? ''}::${n.opType ?? ''}`;

function expand(
  node: OnnxProto.INodeProto,
  functions: Map<string, OnnxProto.IFunctionProto>,
  out: OnnxProto.INodeProto[],
  depth: number,
): void {
  const fn = functions.get(key(node));
  if (!fn || depth >= MAX_DEPTH) {
    out.push(node);
    return;
  }
  const scope = `${node.name || node.opType}/`;
  const rename = new Map<string, string>();
  (fn.input ?? []).forEach((name, i) => rename.set(name, node.input?.[i] ?? ''));
  (fn.output ?? []).forEach((name, i) => rename.set(name, node.output?.[i] ?? ''));
  const map = (t: string) => (t === '' ? '' : (rename.get(t) ?? scope + t));
  const callAttrs = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
  (fn.node ?? []).forEach((inner, i) => {
    const attribute = (inner.attribute ?? []).flatMap((a) => {
      if (!a.refAttrName) return [a];
      const value = callAttrs.get(a.refAttrName);
      return value ? [onnx.AttributeProto.create({ ...value, name: a.name ?? '' })] : [];
    });
    const clone = onnx.NodeProto.create({
      ...inner,
      name: scope + (inner.name || `${inner.opType ?? 'op'}_${i}`),
      input: (inner.input ?? []).map(map),
      output: (inner.output ?? []).map(map),
      attribute,
    });
    expand(clone, functions, out, depth + 1);
  });
}
