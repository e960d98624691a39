/**
 * timm's one `ResNet` backbone (`models/resnet.py`) as an ONNX graph: stem (7x7, or the deep
 * 3x3 x3 stem of ResNet-C/D), 4 stages of pluggable blocks (`make_blocks`), global average pool, fc.
 * Produces the graph and the list of timm state-dict entries it consumes, in `state_dict()` order.
 */
import { GraphBuilder } from './graph-builder.js';
import { convOut } from './timm-math.js';
import { emitBlock } from './residual-blocks.js';
import { expansion, inputHW, type ResNetSpec } from './spec.js';

export const INPUT_NAME = 'input';
export const LOGITS_NAME = 'logits';

function stem(g: GraphBuilder, spec: ResNetSpec): { x: string; c: number; hw: number } {
  let hw = convOut(inputHW(spec)[0], spec.stemType ? 3 : 7, 2, spec.stemType ? 1 : 3);
  let x: string;
  let c: number;
  if (spec.stemType) {
    c = spec.stemWidth * 2;
    const c0 = spec.stemType === 'deep_tiered' ? 3 * Math.floor(spec.stemWidth / 4) : spec.stemWidth;
    x = g.conv('conv1.0', INPUT_NAME, { inC: spec.inChans, outC: c0, k: 3, stride: 2, pad: 1, bn: 'conv1.1' });
    x = g.op('conv1.2', 'Relu', [x]);
    x = g.conv('conv1.3', x, { inC: c0, outC: spec.stemWidth, k: 3, pad: 1, bn: 'conv1.4' });
    x = g.op('conv1.5', 'Relu', [x]);
    x = g.conv('conv1.6', x, { inC: spec.stemWidth, outC: c, k: 3, pad: 1, bn: 'bn1' });
  } else {
    // timm: a plain stem is always 64 wide, whatever stem_width says.
    c = 64;
    x = g.conv('conv1', INPUT_NAME, { inC: spec.inChans, outC: c, k: 7, stride: 2, pad: 3, bn: 'bn1' });
  }
  x = g.op('act1', 'Relu', [x]);
  x = g.op('maxpool', 'MaxPool', [x], { ceil_mode: 0, kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] });
  hw = convOut(hw, 3, 2, 1);
  return { x, c, hw };
}

/** Emit the whole network. `foldBn` folds every BatchNorm into the conv before it. */
export function emitResNet(spec: ResNetSpec, foldBn = true): GraphBuilder {
  const g = new GraphBuilder(foldBn);
  let { x, c, hw } = stem(g, spec);
  const totalBlocks = spec.layers.reduce((a, b) => a + b, 0);
  const lastGamma = 1 / Math.sqrt(totalBlocks);
  for (let s = 0; s < 4; s++) {
    const planes = spec.channels[s]!;
    const stageStride = s === 0 ? 1 : 2;
    for (let i = 0; i < spec.layers[s]!; i++) {
      const stride = i === 0 ? stageStride : 1;
      const downsample = i === 0 && (stride !== 1 || c !== planes * expansion(spec.block));
      const out = emitBlock(g, spec, {
        path: `layer${s + 1}.${i}`,
        x,
        inC: c,
        planes,
        stride,
        hw,
        downsample,
        lastGamma,
      });
      ({ y: x, outC: c, hw } = out);
    }
  }
  x = g.op('global_pool.pool', 'GlobalAveragePool', [x]);
  x = g.op('global_pool.flatten', 'Flatten', [x], { axis: 1 });
  const w = g.plain({ key: 'fc.weight', shape: [spec.numClasses, c], role: 'weight', fanIn: c, gain: 1 });
  const b = g.plain({ key: 'fc.bias', shape: [spec.numClasses], role: 'bias' });
  g.op('fc', 'Gemm', [x, w, b], { alpha: { f: 1 }, beta: { f: 1 }, transB: 1 }, LOGITS_NAME);
  g.outputs.unshift({ name: LOGITS_NAME, shape: ['batch', spec.numClasses] });
  return g;
}

/** timm's parameter count: every state-dict entry except BatchNorm buffers. */
export function paramCount(g: GraphBuilder): number {
  let n = 0;
  for (const p of g.params) {
    if (p.role === 'bn_mean' || p.role === 'bn_var' || p.role === 'bn_count') continue;
    n += p.shape.reduce((a, b) => a * b, 1);
  }
  return n;
}
