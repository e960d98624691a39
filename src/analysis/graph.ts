/**
 * A dataflow index over an ONNX graph: producers, consumers, which nodes carry activations (reachable
 * from the input) as opposed to constants and shape arithmetic, and weights seen through the
 * `Identity` aliases the TorchScript exporter inserts for shared initializers (or held by Constant nodes).
 */
import type { OnnxModel, OnnxNode, OnnxTensor } from '../onnx/model.js';
import { tensorInfo } from '../onnx/read-onnx.js';
import { isTensorProto } from '../onnx/tensor.js';

/** Ops whose extra inputs are shapes/axes/indices, not data: only input 0 carries activations. */
const DATA_INPUT_0_ONLY = new Set([
  'Reshape',
  'Expand',
  'Unsqueeze',
  'Squeeze',
  'Slice',
  'Pad',
  'Split',
  'Resize',
  'Upsample',
  'Tile',
  'ReduceSum',
  'ReduceMean',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ReduceL2',
  'Gather',
  'TopK',
  'Clip',
  'Conv',
  'ConvTranspose',
  'BatchNormalization',
  'InstanceNormalization',
  'LayerNormalization',
  'Dropout',
]);

export class Graph {
  readonly nodes: readonly OnnxNode[];
  readonly producers = new Map<string, OnnxNode>();
  readonly consumers = new Map<string, OnnxNode[]>();
  /** Node carries activations: reachable from a graph input and not mere shape arithmetic. */
  readonly data: boolean[];
  /** Tensor names that are graph inputs. */
  readonly inputNames: ReadonlySet<string>;
  /** The main output (logits): the first graph output that is not an `attn:` tap. */
  readonly mainOutput: string;
  /** Tensors held by Constant nodes (some exporters store weights that way instead of initializers). */
  readonly constants = new Map<string, OnnxTensor>();

  constructor(readonly model: OnnxModel) {
    this.nodes = model.nodes;
    for (const n of this.nodes) {
      for (const o of n.outputs) if (o) this.producers.set(o, n);
      for (const i of n.inputs) {
        if (!i) continue;
        const list = this.consumers.get(i);
        if (list) list.push(n);
        else this.consumers.set(i, [n]);
      }
    }
    this.inputNames = new Set(model.inputs.map((i) => i.name));
    this.mainOutput = (model.outputs.find((o) => !o.name.startsWith('attn:')) ?? model.outputs[0])?.name ?? '';
    this.data = this.markData();
    for (const n of this.nodes) {
      const value = n.opType === 'Constant' ? n.attrs.get('value') : undefined;
      if (isTensorProto(value) && n.outputs[0])
        this.constants.set(n.outputs[0], { ...tensorInfo(value), name: n.outputs[0] });
    }
  }

  private readonly dataInputsCache: (string[] | undefined)[] = [];

  /** Inputs of a node that carry activations (produced by a data node or a graph input). Do not mutate. */
  dataInputs(n: OnnxNode): string[] {
    let cached = this.dataInputsCache[n.index];
    if (!cached) {
      const names = DATA_INPUT_0_ONLY.has(n.opType) ? n.inputs.slice(0, 1) : n.inputs;
      cached = names.filter((t) => t && this.isData(t));
      this.dataInputsCache[n.index] = cached;
    }
    return cached;
  }

  isData(tensor: string): boolean {
    if (this.inputNames.has(tensor)) return true;
    const p = this.producers.get(tensor);
    return p !== undefined && this.data[p.index] === true;
  }

  /** The initializer behind a tensor name, looking through Identity aliases. */
  weight(name: string | undefined): OnnxTensor | undefined {
    for (let depth = 0; name && depth < 8; depth++) {
      const t = this.model.initializers.get(name) ?? this.constants.get(name);
      if (t) return t;
      const p = this.producers.get(name);
      if (p?.opType !== 'Identity') return undefined;
      name = p.inputs[0];
    }
    return undefined;
  }

  consumersOf(tensor: string): OnnxNode[] {
    return (this.consumers.get(tensor) ?? []).filter((n) => this.data[n.index]);
  }

  private markData(): boolean[] {
    const active = new Array<boolean>(this.nodes.length).fill(false);
    const shape = new Array<boolean>(this.nodes.length).fill(false);
    const activeTensor = new Set(this.inputNames);
    const shapeTensor = new Set<string>();
    for (const n of this.nodes) {
      const ins = n.inputs.filter((t) => activeTensor.has(t));
      if (ins.length === 0) continue;
      active[n.index] = true;
      // Shape arithmetic: Shape/Size, or everything computed only from shape values.
      shape[n.index] = n.opType === 'Shape' || n.opType === 'Size' || ins.every((t) => shapeTensor.has(t));
      for (const o of n.outputs) {
        activeTensor.add(o);
        if (shape[n.index]) shapeTensor.add(o);
      }
    }
    return active.map((a, i) => a && !shape[i]);
  }
}
