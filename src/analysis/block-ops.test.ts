import { describe, expect, it } from 'vitest';
import { analyzeOnnx } from './analyze.js';
import { blockOps } from './block-ops.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { UserError } from '../common/errors.js';
import { FIXTURES } from '../testing/fixtures.js';

describe('blockOps', () => {
  it('expands a strided ResNeXt block into its convs with kernel, channels, stride and groups', async () => {
    const model = await readOnnx(FIXTURES + 'graphs/torchvision__resnext50_32x4d.onnx');
    const a = analyzeOnnx(model);
    const ops = blockOps(model, a, 'layer2.0');
    expect(ops.map((o) => [o.opType, o.detail ?? ''])).toEqual([
      ['Conv', '1x1 256→256'],
      ['Relu', ''],
      ['Conv', '3x3 256→256 /2 g=32'],
      ['Relu', ''],
      ['Conv', '1x1 256→512'],
      ['Conv', '1x1 256→512 /2'],
      ['Add', ''],
      ['Relu', ''],
    ]);
    // Ops chain through their data tensors: the 3x3 conv reads the first ReLU's output.
    expect(ops[2]!.inputs).toEqual(ops[1]!.outputs);
  });

  it('shows the split-attention ops of a ResNeSt block, without the shape arithmetic', async () => {
    const model = await readOnnx(FIXTURES + 'graphs/timm__resnest50d_4s2x40d.onnx');
    const a = analyzeOnnx(model);
    const ops = blockOps(model, a, 'layer2.0');
    const types = ops.map((o) => o.opType);
    expect(types).not.toContain('Shape');
    expect(types).not.toContain('Constant');
    expect(ops.find((o) => o.opType === 'AveragePool')?.detail).toBe('3x3 /2');
    expect(ops.find((o) => o.opType === 'Softmax')?.detail).toBe('axis=1');
    expect(ops.find((o) => o.opType === 'Transpose')?.detail).toBe('perm=0,2,1,3');
    expect(ops.filter((o) => o.opType === 'Conv').map((o) => o.detail)).toEqual([
      '1x1 256→160',
      '3x3 160→640 g=8',
      '1x1 160→160 g=2',
      '1x1 160→640 g=2',
      '1x1 160→512',
      '1x1 256→512',
    ]);
  });

  it('stem and head', async () => {
    const model = await readOnnx(FIXTURES + 'graphs/timm__resnest50d.onnx');
    const a = analyzeOnnx(model);
    expect(blockOps(model, a, 'stem').map((o) => `${o.opType} ${o.detail ?? ''}`.trim())).toEqual([
      'Conv 3x3 3→32 /2',
      'Relu',
      'Conv 3x3 32→32',
      'Relu',
      'Conv 3x3 32→64',
      'Relu',
      'MaxPool 3x3 /2',
    ]);
    expect(blockOps(model, a, 'head').map((o) => `${o.opType} ${o.detail ?? ''}`.trim())).toEqual([
      'GlobalAveragePool',
      'Flatten axis=1',
      'Gemm 2048→1000',
    ]);
    expect(() => blockOps(model, a, 'layer9.0')).toThrow(UserError);
  });
});
