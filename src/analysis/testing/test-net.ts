/** Test helper: a tiny ONNX graph writer (convs with random weights, ops, constants) for synthetic nets. */
import { onnx, type OnnxProto } from '../../onnx/proto.js';

export class Net {
  nodes: OnnxProto.INodeProto[] = [];
  inits: OnnxProto.ITensorProto[] = [];
  private n = 0;
  private seed = 1;

  op(type: string, inputs: string[], attrs: Record<string, number | number[]> = {}, outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, (_, i) => `t${this.n}_${i}`);
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v) ? { name, type: 7, ints: v } : { name, type: 2, i: v },
    );
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
    return this.one('Conv', [x, w, b], {
      kernel_shape: [k, k],
      strides: [stride, stride],
      pads: [p, p, p, p],
      group: groups,
    });
  }
  sum(xs: string[]): string {
    // Python's sum() starts from 0: the exporter keeps that `+ 0`.
    let acc = this.one('Add', [xs[0]!, this.floatScalar(0)]);
    for (const x of xs.slice(1)) acc = this.one('Add', [acc, x]);
    return acc;
  }
  /** Gemm classifier writing the `logits` output. */
  classifier(x: string, cin: number, classes: number): void {
    const w = this.floats([classes, cin], 0.1);
    const b = this.floats([classes], 0.1);
    this.nodes.push({
      name: 'fc',
      opType: 'Gemm',
      input: [x, w, b],
      output: ['logits'],
      attribute: [{ name: 'transB', type: 2, i: 1 }],
    });
  }
  encode(inputShape: (number | string)[], classes: number, opset: number): Uint8Array {
    const io = (name: string, shape: (number | string)[]) => ({
      name,
      type: {
        tensorType: {
          elemType: 1,
          shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
        },
      },
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ version: opset }],
      producerName: 'pytorch',
      graph: {
        name: 'test',
        node: this.nodes,
        initializer: this.inits,
        input: [io('input', inputShape)],
        output: [io('logits', ['batch', classes])],
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
  floatScalar(v: number): string {
    const name = `s${this.inits.length}`;
    this.inits.push({ name, dims: [], dataType: 1, rawData: new Uint8Array(new Float32Array([v]).buffer) });
    return name;
  }
}

/** MobileNetV2-style inverted residuals (1x1 expand → 3x3 depthwise → 1x1 project + Add): not a ResNet. */
export function invertedResidualNet(): Uint8Array {
  const net = new Net();
  let x = net.one('Relu', [net.conv('input', 3, 16, 3, 2)]);
  let c = 16;
  for (const [out, stride] of [
    [16, 1],
    [24, 2],
    [24, 1],
    [32, 2],
    [32, 1],
  ] as const) {
    const hidden = c * 6;
    let y = net.one('Relu', [net.conv(x, c, hidden, 1)]);
    y = net.one('Relu', [net.conv(y, hidden, hidden, 3, stride, hidden)]);
    y = net.conv(y, hidden, out, 1);
    x = stride === 1 && out === c ? net.one('Add', [x, y]) : y;
    c = out;
  }
  x = net.one('Flatten', [net.one('GlobalAveragePool', [x])], { axis: 1 });
  net.classifier(x, c, 10);
  return net.encode(['batch', 3, 64, 64], 10, 17);
}

/**
 * A ResNeXt-style net of bottleneck blocks (1x1 → grouped 3x3 → 1x1 + shortcut), one block per
 * entry of `groups` (the 3x3's groups: 1 … width, i.e. depthwise at `width`). With `odd`, the block
 * at that index is replaced by an inverted residual (widened depthwise 3x3), which is no ResNet block.
 */
export function groupedBottleneckNet(groups: number[], width: number, odd?: number): Uint8Array {
  const net = new Net();
  const out = width * 2;
  let x = net.one('Relu', [net.conv('input', 3, out, 3, 2)]);
  groups.forEach((gr, i) => {
    const stride = i === 2 ? 2 : 1;
    let y: string;
    if (i === odd) {
      const hidden = out * 4;
      y = net.one('Relu', [net.conv(x, out, hidden, 1)]);
      y = net.one('Relu', [net.conv(y, hidden, hidden, 3, stride, hidden)]);
      y = net.conv(y, hidden, out, 1);
    } else {
      y = net.one('Relu', [net.conv(x, out, width, 1)]);
      y = net.one('Relu', [net.conv(y, width, width, 3, stride, gr)]);
      y = net.conv(y, width, out, 1);
    }
    const short = stride > 1 ? net.conv(x, out, out, 1, stride) : x;
    x = net.one('Relu', [net.one('Add', [y, short])]);
  });
  x = net.one('Flatten', [net.one('GlobalAveragePool', [x])], { axis: 1 });
  net.classifier(x, out, 10);
  return net.encode(['batch', 3, 64, 64], 10, 17);
}
