// Issue #15 item 7: what the Api keeps is bounded and can be let go. A model onnxruntime refuses is
// marked and left out of a predict that names no models, and `closeModel` removes it; zoo models
// cannot be closed; past their bounds the least recently used opened files and photos are
// forgotten (and the worker unloads the files), while the sample photos stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { createApi, type ApiHandle } from '../api/create-api.js';
import { tinyZoo } from '../api/model-registry.js';
import { FIXTURES } from '../testing/fixtures.js';
import { decode, encode } from './testing/onnx-mutations.js';

const tinyOnnx = readFileSync(`${FIXTURES}tiny/tiny_resnet/model.onnx`);
/** The tiny ResNet with its own doc string: the same model, but a different file (upload hash). */
function copyOf(i: number): string {
  const m = decode(tinyOnnx);
  m.docString = `copy ${i}`;
  return Buffer.from(encode(m)).toString('base64');
}
function refusedByOrt(): string {
  const m = decode(tinyOnnx);
  m.graph!.node![3]!.opType = 'FrobnicateEvil';
  return Buffer.from(encode(m)).toString('base64');
}
const photo = async (i: number) =>
  (
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: i % 256, g: 90, b: 200 } } })
      .png()
      .toBuffer()
  ).toString('base64');

let api: ApiHandle;
beforeAll(() => {
  api = createApi({
    host: 'serve',
    zoo: tinyZoo(`${FIXTURES}tiny`).slice(0, 1),
    inference: { isolate: 'process', providers: ['cpu'], intraOpThreads: 1 },
    models: { maxOpen: 3 },
    images: { maxImages: 4, maxBytes: 64 * 2 ** 20 },
  });
});
afterAll(() => api.dispose());

describe('models that cannot run, closing, and bounded caches', () => {
  it('a model onnxruntime refuses is left out of default predictions once known, and can be closed', async () => {
    const img = await api.openImage({ kind: 'upload', name: 'p.png', base64: await photo(1) });
    const bad = await api.openModel({ kind: 'upload', name: 'frobnicated.onnx', base64: refusedByOrt() });
    const first = await api.predict({ imageId: img.id });
    expect(first.results.map((r) => r.model)).toEqual(['resnet50', bad.id]);
    expect(first.results[1]!.error).toMatch(/^frobnicated(\.onnx)?: cannot load model: .*FrobnicateEvil/);
    const listed = (await api.listModels()).find((m) => m.id === bad.id)!;
    expect(listed.loadError).toMatch(/FrobnicateEvil/);
    const second = await api.predict({ imageId: img.id });
    expect(second.results.map((r) => r.model)).toEqual(['resnet50']);
    expect(second.results[0]!.top).toHaveLength(5);
    await api.closeModel(bad.id);
    expect((await api.listModels()).map((m) => m.id)).toEqual(['resnet50']);
    await expect(api.analyze(bad.id)).rejects.toThrow(`unknown model '${bad.id}'`);
    await expect(api.closeModel('resnet50')).rejects.toThrow('resnet50 is a built-in model and cannot be closed');
    await expect(api.closeModel('file:nope')).rejects.toThrow("unknown model 'file:nope'");
  });

  it('keeps the three most recently used opened files; an evicted one is unknown, a used one stays', async () => {
    const img = await api.openImage({ kind: 'upload', name: 'q.png', base64: await photo(2) });
    const opened = [];
    for (let i = 0; i < 3; i++)
      opened.push(await api.openModel({ kind: 'upload', name: `m${i}.onnx`, base64: copyOf(i) }));
    // m0 is used (predicted with), so m1 is the least recently used when m3 arrives.
    const p0 = await api.predict({ imageId: img.id, modelIds: [opened[0]!.id] });
    expect(p0.results[0]!.top).toHaveLength(5);
    const m3 = await api.openModel({ kind: 'upload', name: 'm3.onnx', base64: copyOf(3) });
    const files = (await api.listModels()).filter((m) => m.source === 'file').map((m) => m.id);
    expect(files).toEqual([opened[0]!.id, opened[2]!.id, m3.id]);
    await expect(api.analyze(opened[1]!.id)).rejects.toThrow('unknown model');
    // Opening the evicted file again gives it a new id and it runs.
    const again = await api.openModel({ kind: 'upload', name: 'm1.onnx', base64: copyOf(1) });
    expect(again.id).not.toBe(opened[1]!.id);
    expect((await api.predict({ imageId: img.id, modelIds: [again.id] })).results[0]!.top).toHaveLength(5);
  });

  it('keeps the four most recently used photos, and the samples always', async () => {
    const samples = await api.sampleImages();
    expect(samples.length).toBeGreaterThan(0);
    const ids = [];
    for (let i = 0; i < 6; i++)
      ids.push((await api.openImage({ kind: 'upload', name: `${i}.png`, base64: await photo(10 + i) })).id);
    await expect(api.predict({ imageId: ids[0]!, modelIds: ['resnet50'] })).rejects.toThrow(
      `unknown image id '${ids[0]}': open the image first`,
    );
    expect((await api.predict({ imageId: ids[5]!, modelIds: ['resnet50'] })).results[0]!.top).toHaveLength(5);
    for (const s of samples)
      expect((await api.predict({ imageId: s.id, modelIds: ['resnet50'], top: 1 })).results[0]!.top).toHaveLength(1);
  });
});
