/**
 * The Api over several photos, on the fixtures' tiny zoo: `predictMany` equals `predict` photo by
 * photo, the same bytes under another name are one image, and a class chosen later is a saliency
 * read from the cache.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createApi } from './create-api.js';
import { tinyZoo } from './model-registry.js';
import { FIXTURES } from '../testing/fixtures.js';

const photo = (n: string) => new Uint8Array(readFileSync(`${FIXTURES}images/${n}`));

describe('Api over several photos', () => {
  const api = createApi({ host: 'cli', zoo: tinyZoo(`${FIXTURES}tiny`) });
  afterAll(() => api.dispose());

  it('predictMany answers per photo, in order, as predict does', async () => {
    const a = await api.openImage({ kind: 'bytes', name: 'cat.png', bytes: photo('chelsea.png') });
    const b = await api.openImage({ kind: 'bytes', name: 'rocket.jpg', bytes: photo('rocket.jpg') });
    const many = await api.predictMany({ imageIds: [a.id, b.id], modelIds: ['resnet50', 'resnest50d'], top: 3 });
    expect(many.map((r) => r.image)).toEqual(['cat.png', 'rocket.jpg']);
    for (const [i, id] of [a.id, b.id].entries()) {
      const one = await api.predict({ imageId: id, modelIds: ['resnet50', 'resnest50d'], top: 3 });
      expect(many[i]!.results.map((r) => [r.model, r.top])).toEqual(one.results.map((r) => [r.model, r.top]));
    }
  });

  it('names an image by its content: another name, the same id', async () => {
    const a = await api.openImage({ kind: 'bytes', name: 'one.png', bytes: photo('coffee.png') });
    const b = await api.openImage({
      kind: 'upload',
      name: 'two.png',
      base64: Buffer.from(photo('coffee.png')).toString('base64'),
    });
    expect(b).toMatchObject({ id: a.id, name: 'two.png' });
  });

  it('gives the saliency of any class, and one line for a class the model lacks', async () => {
    const { id } = await api.openImage({ kind: 'bytes', name: 'horse.png', bytes: photo('horse.png') });
    const top = await api.saliency({ imageId: id, modelId: 'seresnet50' });
    const other = await api.saliency({ imageId: id, modelId: 'seresnet50', classIndex: (top.classIndex + 1) % 10 });
    expect(other.classIndex).not.toBe(top.classIndex);
    expect(other.label).toBe(`class ${other.classIndex}`);
    expect(other.crop).toEqual(top.crop);
    await expect(api.saliency({ imageId: id, modelId: 'seresnet50', classIndex: 10 })).rejects.toThrow(
      'seresnet50: class 10 is not one of its 10 classes (0–9)',
    );
  });
});
