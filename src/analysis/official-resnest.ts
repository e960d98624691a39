/**
 * Test helper: a small network in the layout of the *official* ResNeSt export (zhanghang1989/ResNeSt
 * `splat.py` at 1dfb3e8, TorchScript exporter): `torch.split` → `sum()` as Split + Add chains,
 * `adaptive_avg_pool2d` → GlobalAveragePool, rSoftmax view/transpose/softmax, split attention applied
 * per split with Mul + Add. Random weights; BatchNorm folded away as the exporter does.
 */
import { onnx, type OnnxProto } from '../onnx/proto.js';

export interface OfficialSpec {
  radix: number;
  cardinality: number;
  layers: number[];
  planes: number[];
  stemWidth: number;
  avdFirst: boolean;
  classes: number;
  size: number;
}

class Net {
  nodes: OnnxProto.INodeProto[] = [];
  inits: OnnxProto.ITensorProto[] = [];
  private n = 0;
  private seed = 1;

  op(type: string, inputs: string[], attrs: Record<string, number | number[]> = {}, outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, (_, i) => `t${this.n}_${i}`);
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v) ? { name, type: 7, ints: v } : { name, type: 2, i: v });
    this.nodes.push({ name: `${type}_${this.n++}`, opType: type, input: inputs, output: outs, attribute });
    return outs;
  }
  one(type: string, inputs: string[], attrs: Record<string, number | number[]> = {}): string {
    return this.op(type, inputs, attrs)[0]!;
  }
  ints(values: number[]): string {
    const name = `c${this.inits.length}`;
    this.inits.push({ name, dims: [values.length], dataType: 7, int64Data: values });
    return name;
  }
  floats(dims: number[], scale: number): string {
    const name = `w${this.inits.length}`;
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).map(() => {
      this.seed = (this.seed * 16807) % 2147483647;
      return (this.seed / 2147483647 - 0.5) * 2 * scale;
    });
    this.inits.push({ name, dims, dataType: 1, rawData: new Uint8Array(data.buffer) });
    return name;
  }
  conv(x: string, cin: number, cout: number, k: number, stride = 1, groups = 1): string {
    const w = this.floats([cout, cin / groups, k, k], Math.sqrt(3 / ((cin / groups) * k * k)));
    const b = this.floats([cout], 0.1);
    const p = (k - 1) / 2;
    return this.one('Conv', [x, w, b], { kernel_shape: [k, k], strides: [stride, stride], pads: [p, p, p, p], group: groups });
  }
  sum(xs: string[]): string {
    // Python's sum() starts from 0: the exporter keeps that `+ 0`.
    let acc = this.one('Add', [xs[0]!, this.floatScalar(0)]);
    for (const x of xs.slice(1)) acc = this.one('Add', [acc, x]);
    return acc;
  }
  floatScalar(v: number): string {
    const name = `s${this.inits.length}`;
    this.inits.push({ name, dims: [], dataType: 1, rawData: new Uint8Array(new Float32Array([v]).buffer) });
    return name;
  }
}

function splat(net: Net, x: string, cin: number, width: number, s: OfficialSpec): string {
  const { radix: r, cardinality: k } = s;
  let y = net.one('Relu', [net.conv(x, cin, width * r, 3, 1, k * r)]);
  const splits = r > 1 ? net.op('Split', [y, net.ints(Array(r).fill(width))], { axis: 1 }, r) : [y];
  const gap = net.one('GlobalAveragePool', [r > 1 ? net.sum(splits) : y]);
  const inter = Math.max((cin * r) / 4, 32);
  let a = net.one('Relu', [net.conv(gap, width, inter, 1, 1, k)]);
  a = net.conv(a, inter, width * r, 1, 1, k);
  if (r > 1) {
    a = net.one('Reshape', [a, net.ints([0, k, r, -1])]);
    a = net.one('Transpose', [a], { perm: [0, 2, 1, 3] });
    a = net.one('Softmax', [a], { axis: 1 });
    a = net.one('Reshape', [a, net.ints([0, -1])]);
  } else {
    a = net.one('Sigmoid', [a]);
  }
  a = net.one('Reshape', [a, net.ints([0, -1, 1, 1])]);
  if (r === 1) return net.one('Mul', [a, y]);
  const attens = net.op('Split', [a, net.ints(Array(r).fill(width))], { axis: 1 }, r);
  y = net.sum(attens.map((att, i) => net.one('Mul', [att, splits[i]!])));
  return y;
}

export function officialResNeSt(s: OfficialSpec): Uint8Array {
  const net = new Net();
  let x = net.one('Relu', [net.conv('input', 3, s.stemWidth, 3, 2)]);
  x = net.one('Relu', [net.conv(x, s.stemWidth, s.stemWidth, 3)]);
  x = net.one('Relu', [net.conv(x, s.stemWidth, s.stemWidth * 2, 3)]);
  x = net.one('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  let cin = s.stemWidth * 2;
  s.layers.forEach((blocks, stage) => {
    const planes = s.planes[stage]!;
    for (let b = 0; b < blocks; b++) {
      const stride = stage > 0 && b === 0 ? 2 : 1;
      const width = planes * s.cardinality;
      let y = net.one('Relu', [net.conv(x, cin, width, 1)]);
      if (stride > 1 && s.avdFirst) y = net.one('AveragePool', [y], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
      y = splat(net, y, width, width, s);
      if (stride > 1 && !s.avdFirst) y = net.one('AveragePool', [y], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
      y = net.conv(y, width, planes * 4, 1);
      let short = x;
      if (b === 0) {
        if (stride > 1) short = net.one('AveragePool', [short], { kernel_shape: [stride, stride], strides: [stride, stride], ceil_mode: 1 });
        short = net.conv(short, cin, planes * 4, 1);
      }
      x = net.one('Relu', [net.one('Add', [y, short])]);
      cin = planes * 4;
    }
  });
  x = net.one('Flatten', [net.one('GlobalAveragePool', [x])], { axis: 1 });
  const fcw = net.floats([s.classes, cin], 0.1);
  const fcb = net.floats([s.classes], 0.1);
  net.nodes.push({ name: 'fc', opType: 'Gemm', input: [x, fcw, fcb], output: ['logits'], attribute: [{ name: 'transB', type: 2, i: 1 }] });
  const io = (name: string, shape: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ version: 13 }],
    producerName: 'pytorch',
    graph: {
      name: 'official-resnest',
      node: net.nodes,
      initializer: net.inits,
      input: [io('input', ['batch', 3, s.size, s.size])],
      output: [io('logits', ['batch', s.classes])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
