/**
 * Api.opWeights: a zoo model's op reads the weights the worker runs (the tiny timm checkpoint, BN
 * folded, not the seed), checked against a model built independently from the same checkpoint; an
 * opened export with weights reports its own initializer; a stripped export says the weights are
 * not in the file; an unknown op is one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type ApiHandle } from './create-api.js';
import { tinyZoo } from './model-registry.js';
import { NOT_IN_FILE } from './op-weights.js';
import { FIXTURES } from '../testing/fixtures.js';
import { buildModel } from '../zoo/index.js';
import { readOnnx } from '../onnx/index.js';
import { floatValues } from '../onnx/tensor-floats.js';
import { weightStats } from '../analysis/index.js';
import { isUserError } from '../common/errors.js';

describe('Api.opWeights', () => {
  let api: ApiHandle;
  beforeAll(() => {
    api = createApi({ host: 'cli', zoo: tinyZoo(`${FIXTURES}tiny`), inference: { isolate: 'thread' } });
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('a zoo model: the conv of layer1.0 reads the checkpoint’s weights, with their shapes and statistics', async () => {
    const ops = await api.blockOps('resnet50', 'layer1.0');
    const conv = ops.find((o) => o.opType === 'Conv')!;
    const got = await api.opWeights('resnet50', conv.name);
    expect(got.map((w) => w.dims)).toEqual(conv.weights!.map((w) => w.dims));
    const zoo = tinyZoo(`${FIXTURES}tiny`).find((z) => z.preset === 'resnet50')!;
    const independent = await readOnnx(
      (await buildModel({ spec: zoo.spec, weights: zoo.weights!, name: 'resnet50' })).onnx,
    );
    for (const w of got) {
      const values = floatValues(independent, independent.initializers.get(w.name)!)!;
      expect(w.stats, w.name).toEqual(weightStats(values));
      expect(w.stats!.count).toBe(w.dims.reduce((a, b) => a * b, 1));
    }
    expect(got[0]!.dims).toHaveLength(4);
  });

  it('an opened export with its weights: statistics of its own initializer', async () => {
    const file = `${FIXTURES}tiny/tiny_seresnet/model.onnx`;
    const entry = await api.openModel({ kind: 'path', path: file });
    try {
      const model = await readOnnx(file);
      const conv = model.nodes.find((n) => n.opType === 'Conv')!;
      const [w] = await api.opWeights(entry.id, conv.name);
      expect(w!.name).toBe(conv.inputs[1]);
      expect(w!.stats).toEqual(weightStats(floatValues(model, model.initializers.get(conv.inputs[1]!)!)!));
    } finally {
      await api.closeModel(entry.id);
    }
  });

  it('a stripped export: shapes, and “weights not in the file” instead of statistics', async () => {
    const entry = await api.openModel({ kind: 'path', path: `${FIXTURES}graphs/timm__resnet50.onnx` });
    try {
      const conv = (await api.blockOps(entry.id, 'layer2.0')).find((o) => o.opType === 'Conv')!;
      const got = await api.opWeights(entry.id, conv.name);
      expect(got.length).toBeGreaterThan(0);
      for (const w of got) {
        expect(w.missing).toBe(NOT_IN_FILE);
        expect(w.stats).toBeUndefined();
      }
      expect(got[0]!.dims).toEqual(conv.weights![0]!.dims);
    } finally {
      await api.closeModel(entry.id);
    }
  });

  it('an op the model does not have: one clear line', async () => {
    const e = await api.opWeights('resnet50', 'no/such/op').catch((x: unknown) => x);
    expect(isUserError(e)).toBe(true);
    expect(String((e as Error).message)).toBe('no op named no/such/op in this model');
  });
});
