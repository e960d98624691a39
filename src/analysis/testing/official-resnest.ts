/**
 * Test helper: a small network in the layout of the *official* ResNeSt export (zhanghang1989/ResNeSt
 * `splat.py` at 1dfb3e8, TorchScript exporter): `torch.split` → `sum()` as Split + Add chains,
 * `adaptive_avg_pool2d` → GlobalAveragePool, rSoftmax view/transpose/softmax, split attention applied
 * per split with Mul + Add. Random weights; BatchNorm folded away as the exporter does.
 */
import { Net } from './test-net.js';

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
      if (stride > 1 && s.avdFirst)
        y = net.one('AveragePool', [y], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
      y = splat(net, y, width, width, s);
      if (stride > 1 && !s.avdFirst)
        y = net.one('AveragePool', [y], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
      y = net.conv(y, width, planes * 4, 1);
      let short = x;
      if (b === 0) {
        if (stride > 1)
          short = net.one('AveragePool', [short], {
            kernel_shape: [stride, stride],
            strides: [stride, stride],
            ceil_mode: 1,
          });
        short = net.conv(short, cin, planes * 4, 1);
      }
      x = net.one('Relu', [net.one('Add', [y, short])]);
      cin = planes * 4;
    }
  });
  x = net.one('Flatten', [net.one('GlobalAveragePool', [x])], { axis: 1 });
  net.classifier(x, cin, s.classes);
  return net.encode(['batch', 3, s.size, s.size], s.classes, 13);
}
