import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tinyApi } from './testing/tiny-api.js';
import { isUserError } from '../common/errors.js';
import { FIXTURES } from '../testing/fixtures.js';
import { analyzeOnnx } from '../analysis/index.js';
import { readOnnx } from '../onnx/read-onnx.js';
import { buildModel, specFromTimmKwargs } from '../zoo/index.js';

describe('createApi over the fixtures’ tiny timm models', () => {
  const { api, events } = tinyApi();

  it('lists the five headline architectures with their families', async () => {
    const models = await api.listModels();
    expect(models.map((m) => [m.id, m.family])).toEqual([
      ['resnet50', 'resnet'],
      ['resnext50_32x4d', 'resnext'],
      ['seresnet50', 'seresnet'],
      ['skresnext50_32x4d', 'skresnext'],
      ['resnest50d', 'resnest'],
    ]);
  });

  it('predicts with every model on a sample photo, reporting progress', async () => {
    const [sample] = await api.sampleImages();
    expect(sample!.thumbnail.startsWith('data:image/jpeg;base64,')).toBe(true);
    const res = await api.predict({ imageId: sample!.id, top: 10, taskId: 't1' });
    expect(res.results).toHaveLength(5);
    for (const r of res.results) {
      expect(r.error).toBeUndefined();
      expect(r.provider).toBe('cpu');
      // 10 classes, top 10: the whole distribution.
      expect(r.top.reduce((s, t) => s + t.prob, 0)).toBeCloseTo(1, 5);
    }
    const mine = events.filter((e) => e.taskId === 't1');
    expect(mine.at(-1)?.state).toBe('done');
    expect(
      mine
        .filter((e) => e.model)
        .map((e) => e.model)
        .sort(),
    ).toEqual(res.results.map((r) => r.model).sort());
  });

  it('returns each model’s attention and top-class saliency with its prediction, equal to asking for them', async () => {
    const [, second] = await api.sampleImages();
    const res = await api.predict({ imageId: second!.id, with: ['saliency', 'attention'] });
    const plain = await api.predict({ imageId: second!.id });
    expect(res.results).toHaveLength(5);
    for (const [i, r] of res.results.entries()) {
      const { attention, saliency, ...prediction } = r;
      expect(prediction).toEqual({ ...plain.results[i]!, latencyMs: prediction.latencyMs });
      expect(attention).toEqual(await api.attention({ imageId: second!.id, modelId: r.model }));
      expect(saliency).toEqual(await api.saliency({ imageId: second!.id, modelId: r.model }));
      expect(saliency!.classIndex).toBe(r.top[0]!.index);
    }
    // Models with taps give blocks; plain ResNet gives none (and says so with an empty list).
    const blocks = Object.fromEntries(res.results.map((r) => [r.model, r.attention!.blocks.length]));
    expect(blocks.resnet50).toBe(0);
    expect(blocks.resnest50d).toBeGreaterThan(0);
    expect(plain.results.every((r) => r.attention === undefined && r.saliency === undefined)).toBe(true);
  });

  it('returns ResNeSt attention as R×K×C/K blocks whose radix weights sum to 1', async () => {
    const [sample] = await api.sampleImages();
    const att = await api.attention({ imageId: sample!.id, modelId: 'resnest50d' });
    const analysis = await api.analyze('resnest50d');
    expect(att.blocks.map((b) => b.name)).toEqual(analysis.stages.flatMap((s) => s.blocks.map((b) => b.name)));
    for (const b of att.blocks) {
      expect(b.dims).toEqual(['radix', 'cardinal', 'channel']);
      const [R, K, Cg] = b.shape as [number, number, number];
      const v = b.values;
      expect(v).toHaveLength(R * K * Cg);
      for (let c = 0; c < K * Cg; c++) {
        let sum = 0;
        for (let r = 0; r < R; r++) sum += v[r * K * Cg + c]!;
        expect(sum).toBeCloseTo(1, 5);
      }
    }
  });

  it('draws a diagram with one node per block and exports it as SVG', async () => {
    const analysis = await api.analyze('skresnext50_32x4d');
    const blocks = analysis.stages.flatMap((s) => s.blocks.map((b) => b.name));
    const d = await api.diagram({ modelId: 'skresnext50_32x4d' });
    expect(d.nodes.filter((n) => n.kind === 'block').map((n) => n.block)).toEqual(blocks);
    const expanded = await api.diagram({ modelId: 'skresnext50_32x4d', expand: [blocks[0]!] });
    expect(expanded.nodes.filter((n) => n.kind === 'op' && n.block === blocks[0]).length).toBeGreaterThan(5);
    const svg = await api.exportSvg({ modelId: 'skresnext50_32x4d', theme: 'dark' });
    expect(svg.match(/data-block="/g)).toHaveLength(blocks.length);
  });

  it('opens a user ONNX file (path) and an uploaded image, and predicts with it', async () => {
    const entry = await api.openModel({ kind: 'path', path: `${FIXTURES}tiny/tiny_seresnext/model.onnx` });
    expect(entry).toMatchObject({
      source: 'file',
      family: 'seresnext',
      label: 'model',
      folder: 'tiny_seresnext',
      weights: 'in-file',
    });
    const again = await api.openModel({ kind: 'path', path: `${FIXTURES}tiny/../tiny/tiny_seresnext/model.onnx` });
    expect(again.id).toBe(entry.id);
    const upload = readFileSync(`${FIXTURES}tiny/tiny_seresnext/model.onnx`).toString('base64');
    const uploaded = await api.openModel({ kind: 'upload', name: 'model.onnx', base64: upload });
    expect(await api.openModel({ kind: 'upload', name: 'copy.onnx', base64: upload })).toMatchObject({
      id: uploaded.id,
    });
    expect((await api.listModels()).filter((m) => m.source === 'file')).toHaveLength(2);
    const bytes = readFileSync(`${FIXTURES}images/coffee.png`);
    const img = await api.openImage({ kind: 'upload', name: 'coffee.png', base64: bytes.toString('base64') });
    expect([img.width, img.height]).toEqual([600, 400]);
    const res = await api.predict({ imageId: img.id, modelIds: [entry.id], top: 3 });
    expect(res.results[0]!.top).toHaveLength(3);
  });

  it('says a stripped export is analysis only (never pretrained), and removes opened files', async () => {
    const stripped = await api.openModel({ kind: 'path', path: `${FIXTURES}graphs/timm__skresnext50_32x4d.onnx` });
    expect(stripped.weights).toBe('analysis-only');
    expect(stripped.weightsProblem).toMatch(/weights are not in this file/);
    const img = (await api.sampleImages())[0]!;
    const res = await api.predict({ imageId: img.id, modelIds: [stripped.id] });
    expect(res.results[0]!.error).toMatch(/weights are not in this file/);
    // Still analysis only after a run was tried: not pretrained, not failed.
    expect((await api.listModels()).find((m) => m.id === stripped.id)!.weights).toBe('analysis-only');
    await api.closeModel(stripped.id);
    expect((await api.listModels()).some((m) => m.id === stripped.id)).toBe(false);
    await expect(api.closeModel('resnet50')).rejects.toThrow(/built-in model and cannot be closed/);
    // Opening it again after removal opens it anew.
    const reopened = await api.openModel({ kind: 'path', path: `${FIXTURES}graphs/timm__skresnext50_32x4d.onnx` });
    expect(reopened.id).not.toBe(stripped.id);
    await api.closeModel(reopened.id);
  });

  it('inspects a checkpoint, then opens it with the input size and avd placement the user chose', async () => {
    const source = { kind: 'path', path: `${FIXTURES}checkpoints/official_resnest/model.pth` } as const;
    const ins = await api.inspectCheckpoint(source);
    expect(ins).toMatchObject({
      family: 'resnest',
      layout: 'official ResNeSt / timm ResNeSt (same keys)',
      radix: 2,
      cardinality: 2,
      inputSize: '224',
      avd: 'after',
      labels: 'checkpoint',
    });
    expect(ins.assumptions.map((a) => a.about)).toEqual(['avd', 'inputSize']);
    expect(ins.timmSpec).toMatchObject({ input_size: [3, 224, 224], block_args: { avd: true, avd_first: false } });

    const inferred = await api.openCheckpoint({ source });
    const blockArgs = ins.timmSpec.block_args as Record<string, unknown>;
    const timmSpec = { ...ins.timmSpec, input_size: [3, 96, 80], block_args: { ...blockArgs, avd_first: true } };
    const chosen = await api.openCheckpoint({ source, timmSpec });
    expect(chosen.id).not.toBe(inferred.id);
    // The pool that carries layer2.0's stride moved before the split conv.
    const opNames = async (id: string) => (await api.blockOps(id, 'layer2.0')).map((o) => o.name).join(' ');
    expect(await opNames(inferred.id)).toContain('/layer2/layer2.0/avd_last/');
    expect(await opNames(chosen.id)).toContain('/layer2/layer2.0/avd_first/');
    // Measured at the chosen size: the MACs of the same spec built by the zoo.
    const built = await buildModel({ spec: specFromTimmKwargs(timmSpec) });
    const macs = analyzeOnnx(await readOnnx(built.onnx)).macs;
    expect(chosen.macs).toBe(macs);
    expect(inferred.macs).toBeGreaterThan(macs);

    const outOfRange = { ...ins.timmSpec, input_size: [3, 16, 16] };
    const e = await api.openCheckpoint({ source, timmSpec: outOfRange }).catch((err: unknown) => err);
    expect(isUserError(e), String(e)).toBe(true);
    expect((e as Error).message).toMatch(/input_size/);
  });

  it('answers bad input with one-line user errors', async () => {
    const bad = [
      () => api.openImage({ kind: 'path', path: `${FIXTURES}images/odd/not_an_image.jpg` }),
      () => api.openImage({ kind: 'path', path: `${FIXTURES}images/odd/empty.png` }),
      () => api.openModel({ kind: 'path', path: `${FIXTURES}images/chelsea.png` }),
      () => api.openModel({ kind: 'path', path: '/nonexistent/model.onnx' }),
      () => api.analyze('no-such-model'),
      () => api.predict({ imageId: 'nope' }),
    ];
    for (const call of bad) {
      const e = await call().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isUserError(e), String(e)).toBe(true);
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
