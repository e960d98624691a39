import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeFile, analyzeOnnx } from './analyze.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { residualMlp } from '../onnx/testing/test-models.js';
import { onnx } from '../onnx/proto.js';
import { invertedResidualNet } from './testing/test-net.js';
import { blockSummary, expectedSummary, fixtureModels, loadExpected } from './testing/fixtures.js';
import { numel } from '../onnx/tensor.js';
import { FIXTURES } from '../testing/fixtures.js';

const expected = loadExpected();

describe('analyze: every fixture export matches the PyTorch module tree', () => {
  const models = fixtureModels();
  it('covers every fixture model', () => {
    expect(models.map((m) => m.key).sort()).toEqual(Object.keys(expected).sort());
  });
  for (const { key, path } of models) {
    it(key, async () => {
      const want = expected[key]!;
      const a = await analyzeFile(path);
      expect(a.family).toBe(want.family);
      expect(a.numClasses).toBe(want.numClasses);
      expect(a.input.shape.slice(1)).toEqual(want.input);
      expect(a.stages.map((s) => s.blocks.length)).toEqual(want.blocksPerStage);
      expect(blockSummary(a)).toEqual(expectedSummary(want));
    });
  }
});

describe('analyze: unknown architectures and model totals', () => {
  it('a residual MLP is family unknown, without a crash', async () => {
    const a = analyzeOnnx(await readOnnx(residualMlp()));
    expect(a.family).toBe('unknown');
    expect(a.stages).toEqual([]);
    expect(a.numClasses).toBe(4);
    expect(a.params).toBe(16 * 16 * 2 + 4 * 16);
    expect(a.macs).toBe(16 * 16 * 2 + 4 * 16);
  });

  it('MACs of timm resnet50 at 224 are ~4.1 G (conv + fc, batch 1)', async () => {
    const a = await analyzeFile(FIXTURES + 'graphs/timm__resnet50.onnx');
    expect(a.macs / 1e9).toBeCloseTo(4.09, 2);
    expect(a.stem).toEqual({ nodes: ['/conv1/Conv', '/act1/Relu', '/maxpool/MaxPool'], type: 'plain' });
    expect(a.head.nodes).toEqual(['/global_pool/pool/GlobalAveragePool', '/global_pool/flatten/Flatten', '/fc/Gemm']);
  });

  it('params of timm resnet50 = torchvision resnet50 = PyTorch count minus the BatchNorm folded away', async () => {
    const timm = await analyzeFile(FIXTURES + 'graphs/timm__resnet50.onnx');
    const tv = await analyzeFile(FIXTURES + 'graphs/torchvision__resnet50.onnx');
    const sd = (
      JSON.parse(readFileSync(FIXTURES + 'meta/state_dicts.json', 'utf8')) as Record<string, [string, number[]][]>
    )['tv__resnet50']!;
    const pytorch = sd
      .filter(([k]) => !/running_(mean|var)|num_batches_tracked/.test(k))
      .reduce((s, [, d]) => s + numel(d), 0);
    const bn = sd.filter(([k]) => k.endsWith('running_mean')).reduce((s, [, d]) => s + numel(d), 0);
    expect(pytorch).toBe(25_557_032);
    expect(tv.params).toBe(pytorch - bn);
    expect(timm.params).toBe(tv.params);
  });

  for (const name of readdirSync(FIXTURES + 'tiny').sort()) {
    it(`params of ${name} = timm's count minus folded BatchNorm (and conv biases folded into it)`, async () => {
      const ref = JSON.parse(readFileSync(`${FIXTURES}tiny/${name}/ref.json`, 'utf8')) as {
        params: number;
        state_dict: [string, number[]][];
      };
      const keys = new Set(ref.state_dict.map(([k]) => k));
      const bn = ref.state_dict.filter(([k]) => k.endsWith('running_mean')).reduce((s, [, d]) => s + numel(d), 0);
      // ResNeSt's fc1 has a bias and is followed by bn1: the exporter merges both into one bias.
      const absorbed = ref.state_dict
        .filter(([k]) => k.endsWith('.fc1.bias') && keys.has(k.replace(/fc1\.bias$/, 'bn1.running_mean')))
        .reduce((s, [, d]) => s + numel(d), 0);
      const a = await analyzeFile(`${FIXTURES}tiny/${name}/model.onnx`);
      expect(a.params).toBe(ref.params - bn - absorbed);
    });
  }
});

describe('analyze: symbolic image size', () => {
  it('an input declared [batch, 3, height, width] is measured at 224', async () => {
    const bytes = readFileSync(FIXTURES + 'graphs/timm__resnet50.onnx');
    const m = onnx.ModelProto.decode(bytes);
    const dims = m.graph!.input![0]!.type!.tensorType!.shape!.dim!;
    dims[2] = { dimParam: 'height' };
    dims[3] = { dimParam: 'width' };
    const a = analyzeOnnx(await readOnnx(onnx.ModelProto.encode(m).finish()));
    const fixed = await analyzeFile(FIXTURES + 'graphs/timm__resnet50.onnx');
    expect(a.input.shape).toEqual(['batch', 3, 'height', 'width']);
    expect(a.macs).toBe(fixed.macs);
    expect(blockSummary(a)).toEqual(blockSummary(fixed));
  });
});

describe('analyze: residual CNNs outside the ResNet family', () => {
  it('MobileNetV2-style inverted residuals (depthwise, widened 3x3) are family unknown', async () => {
    const a = analyzeOnnx(await readOnnx(invertedResidualNet()));
    expect(a.family).toBe('unknown');
    expect(a.stages).toEqual([]);
    expect(a.numClasses).toBe(10);
    expect(a.macs).toBeGreaterThan(0);
  });
});
