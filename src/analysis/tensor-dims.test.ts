/**
 * The inferred shapes against ONNX Runtime's: each tiny timm export (SE, SK, split attention, plain)
 * and a zoo build run once with every activation as an output; every activation's inferred shape,
 * the symbolic batch `N` read as the batch fed, must equal the shape ORT produced.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrtEngine } from '../runtime/engine/ort-engine.js';
import { readOnnx, withExtraOutputs, type OnnxModel } from '../onnx/index.js';
import { buildModel, specFromTimmKwargs } from '../zoo/index.js';
import { FIXTURES } from '../testing/fixtures.js';
import { readF32 } from '../testing/tiny-fixtures.js';
import { Graph } from './graph.js';
import { inferDims } from './tensor-dims.js';
import { dimsText } from '../common/tensor-shape.js';

async function checkAgainstOrt(model: OnnxModel, input: Float32Array, shape: number[]): Promise<number> {
  const g = new Graph(model);
  const { dims } = inferDims(g);
  const activations = g.nodes.filter((n) => g.data[n.index]).flatMap((n) => n.outputs.filter((o) => o !== ''));
  const session = await new OrtEngine().load(withExtraOutputs(model, activations), {
    providers: ['cpu'],
    intraOpThreads: 1,
  });
  try {
    const out = await session.run({ [model.inputs[0]!.name]: { data: input, dims: shape } }, activations);
    for (const t of activations) {
      const inferred = dims.get(t)?.map((d) => (d === 'N' ? shape[0] : d));
      expect(inferred, t).toEqual(out[t]!.dims);
    }
  } finally {
    await session.release();
  }
  return activations.length;
}

describe('inferDims', () => {
  for (const name of ['tiny_resnest', 'tiny_skresnext', 'tiny_seresnext', 'tiny_resnet_d']) {
    it(`${name}: every activation's shape equals ONNX Runtime's`, async () => {
      const dir = `${FIXTURES}tiny/${name}/`;
      const ref = JSON.parse(readFileSync(`${dir}ref.json`, 'utf8')) as { input: { shape: number[] } };
      const n = await checkAgainstOrt(await readOnnx(`${dir}model.onnx`), readF32(`${dir}input.f32`), ref.input.shape);
      expect(n).toBeGreaterThan(40);
    });
  }

  it('a zoo build (ResNeSt, dynamic H and W at its recorded size): every shape equals ORT', async () => {
    const dir = `${FIXTURES}tiny/tiny_resnest/`;
    const ref = JSON.parse(readFileSync(`${dir}ref.json`, 'utf8')) as { spec: unknown; input: { shape: number[] } };
    const spec = specFromTimmKwargs(ref.spec, { inputSize: ref.input.shape[2]! });
    const built = await buildModel({ spec, weights: `${dir}model.safetensors`, name: 'tiny_resnest' });
    const n = await checkAgainstOrt(await readOnnx(built.onnx), readF32(`${dir}input.f32`), ref.input.shape);
    expect(n).toBeGreaterThan(40);
  });

  it('a stripped export: the batch stays symbolic and shapes read like the spine', async () => {
    const g = new Graph(await readOnnx(`${FIXTURES}graphs/timm__resnet50.onnx`));
    const { dims } = inferDims(g);
    const conv = g.nodes.find((n) => n.opType === 'Conv' && g.weight(n.inputs[1])?.dims[0] === 2048)!;
    const out = dims.get(conv.outputs[0]!)!;
    expect(out[0]).toBe('N');
    expect(dimsText(out)).toBe(`2048×7×7`);
    expect(dimsText(dims.get(g.mainOutput)!, true)).toBe('N×1000');
  });
});
