/**
 * One inference per (photo, model): predictions, attention and saliency of any class read the
 * worker's cache, keyed by the photo's content and the model's load; batched runs equal batch-1 runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { InferenceService } from './inference-service.js';
import { planModel, type ModelPlan } from '../engine/model-plan.js';
import { photoHash } from '../engine/model-runner.js';
import { OrtEngine } from '../engine/ort-engine.js';
import { withExtraOutputs, readOnnx } from '../../onnx/index.js';
import { maxAbsDiff, tinyFixtures } from '../../testing/tiny-fixtures.js';
import { FIXTURES } from '../../testing/fixtures.js';
import type { PhotoResult } from '../../common/photo-run.js';

const tiny = tinyFixtures();
const resnest = tiny.find((t) => t.name === 'tiny_resnest')!;
const photo = (name: string) => new Uint8Array(readFileSync(`${FIXTURES}images/${name}`));
const ref = (bytes: Uint8Array) => ({ photoId: photoHash(bytes), bytes });

describe('the result cache of the inference worker', () => {
  const service = new InferenceService();
  let plan: ModelPlan;

  beforeAll(async () => {
    plan = await planModel(resnest.model, { name: 'resnest', weights: 'untrained' });
    await service.load('m', plan.source, plan.meta);
  });
  afterAll(() => service.dispose());

  it('runs once per photo: attention and saliency read from the cache equal a fresh run exactly', async () => {
    const cat = ref(photo('chelsea.png'));
    const before = await service.cacheStats();
    const p = await service.predict('m', cat);
    const att = await service.attention('m', cat);
    const sal = await service.saliency('m', cat);
    const other = await service.saliency('m', cat, { classIndex: (p.top[0]!.index + 1) % 10 });
    const after = await service.cacheStats();
    expect(after.inferences - before.inferences).toBe(1);
    expect(after.resultHits - before.resultHits).toBe(3);
    expect(sal.classIndex).toBe(p.top[0]!.index);
    expect(other.grid.values).not.toEqual(sal.grid.values);
    // A reload (as after new weights) computes everything again: the same values, bit for bit.
    await service.load('m', plan.source, plan.meta);
    const freshSal = await service.saliency('m', cat);
    const freshAtt = await service.attention('m', cat);
    expect((await service.cacheStats()).inferences - after.inferences).toBe(1);
    expect(freshAtt).toEqual(att);
    expect(freshSal).toEqual(sal);
  });

  it('hits the cache for the same bytes under another name, misses it for one changed byte', async () => {
    // A JPEG with a comment segment (FF FE) after its start marker: one byte of the comment changed
    // is other content with the same pixels.
    const encoded = new Uint8Array(await sharp(photo('coffee.png')).jpeg().toBuffer());
    const comment = Buffer.from('splitlens');
    const jpeg = new Uint8Array([
      ...encoded.subarray(0, 2),
      0xff,
      0xfe,
      0,
      comment.length + 2,
      ...comment,
      ...encoded.subarray(2),
    ]);
    const changed = jpeg.slice();
    changed[6] = changed[6]! ^ 1; // 's' → 'r'
    const s0 = await service.cacheStats();
    const a = await service.predict('m', ref(jpeg), { logits: true });
    const s1 = await service.cacheStats();
    const b = await service.predict('m', jpeg.slice(), { logits: true }); // another copy, sent as bytes
    const s2 = await service.cacheStats();
    const c = await service.predict('m', ref(changed), { logits: true });
    const s3 = await service.cacheStats();
    expect([s1.inferences - s0.inferences, s2.inferences - s1.inferences, s3.inferences - s2.inferences]).toEqual([
      1, 0, 1,
    ]);
    expect(b.logits).toEqual(a.logits);
    expect(c.logits).toEqual(a.logits); // same pixels, computed again
  });

  it('sends a photo again when the worker no longer holds it (a fresh worker)', async () => {
    const horse = ref(photo('horse.png'));
    const p = await service.predict('m', horse);
    await service.dispose(); // the next request starts a fresh worker: no photos, no results
    expect(await service.predict('m', horse)).toMatchObject({ top: p.top });
  });

  it('prepares a prefetched photo without running it, and its run equals one without the prefetch', async () => {
    const bytes = photo('coffee.png');
    const plain = await service.predict('m', bytes.slice(), { logits: true }); // as bytes: no cache entry for the ref
    await service.dispose(); // a fresh worker: nothing held
    await service.info('m'); // loaded again
    const s0 = await service.cacheStats();
    service.prefetch(ref(bytes));
    const s1 = await service.cacheStats(); // queued behind the prefetch
    expect(s1.photoBytes - s0.photoBytes).toBe(bytes.byteLength);
    expect(s1.inputBytes).toBeGreaterThan(s0.inputBytes);
    expect(s1.inferences).toBe(s0.inferences);
    const p = await service.predict('m', ref(bytes), { logits: true });
    const s2 = await service.cacheStats();
    expect(s2.inferences - s1.inferences).toBe(1);
    expect(s2.inputBytes).toBe(s1.inputBytes); // its input was ready
    expect(p.logits).toEqual(plain.logits);
  });

  it('computes the CAM of a non-top class as the features × fc weights', async () => {
    const input = { tensor: resnest.input, dims: resnest.inputShape };
    const p = await service.predict('m', input, { top: 10 });
    const k = p.top[3]!.index;
    const s = await service.saliency('m', input, { classIndex: k });
    expect(s.classIndex).toBe(k);
    // Independently: the features tensor from a plain session, and the fc weight from the graph.
    const model = await readOnnx(resnest.model);
    const cam = plan.meta.cam!;
    const fc = [...model.initializers.values()].find((t) => t.dims.length === 2)!;
    const raw = fc.proto.rawData!;
    const w = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const [classes, channels] = fc.dims as [number, number];
    expect([classes, channels]).toEqual([cam.classes, cam.channels]);
    const session = await new OrtEngine().load(withExtraOutputs(model, [cam.features]), { providers: ['cpu'] });
    const [, c, h, wd] = resnest.inputShape as [number, number, number, number];
    const first = resnest.input.subarray(0, c * h * wd);
    const out = await session.run({ [session.inputNames[0]!]: { data: first, dims: [1, c, h, wd] } }, [cam.features]);
    await session.release();
    const f = out[cam.features]!;
    const [, , gh, gw] = f.dims as [number, number, number, number];
    const plane = gh * gw;
    const sum = Array.from({ length: plane }, (_, i) => {
      let v = 0;
      for (let ch = 0; ch < channels; ch++) v += w[k * channels + ch]! * f.data[ch * plane + i]!;
      return v;
    });
    const lo = Math.min(...sum);
    const hi = Math.max(...sum);
    expect([s.grid.width, s.grid.height]).toEqual([gw, gh]);
    expect(
      maxAbsDiff(
        s.grid.values,
        sum.map((v) => (v - lo) / (hi - lo)),
      ),
    ).toBeLessThanOrEqual(1e-5);
  });

  it('refuses a class the model does not have, in one line', async () => {
    await expect(service.saliency('m', ref(photo('chelsea.png')), { classIndex: 10 })).rejects.toThrow(
      'resnest: class 10 is not one of its 10 classes (0–9)',
    );
  });
});

describe('batched runs', () => {
  const service = new InferenceService();
  afterAll(() => service.dispose());

  it.each(['tiny_resnest', 'tiny_skresnext', 'tiny_seresnet'])(
    '%s: N photos in one inference equal each photo alone (≤ 1e-5)',
    async (name) => {
      const t = tiny.find((f) => f.name === name)!;
      const plan = await planModel(t.model, { name, weights: 'untrained' });
      const photos = ['chelsea.png', 'coffee.png', 'rocket.jpg', 'horse.png'].map((n) => ref(photo(n)));
      await service.load('batch', plan.source, plan.meta);
      const together = await service.results('batch', photos, { logits: true, attention: true });
      await service.load('one', plan.source, plan.meta);
      const alone: PhotoResult[] = [];
      for (const p of photos) alone.push((await service.results('one', [p], { logits: true, attention: true }))[0]!);
      expect(together.map((r) => [r.batch, r.cached])).toEqual(photos.map(() => [4, false]));
      expect(alone.map((r) => r.batch)).toEqual([1, 1, 1, 1]);
      together.forEach((r, i) => {
        expect(maxAbsDiff(r.logits!, alone[i]!.logits!)).toBeLessThanOrEqual(1e-5);
        r.attention!.forEach((b, j) =>
          expect(maxAbsDiff(b.values, alone[i]!.attention![j]!.values)).toBeLessThanOrEqual(1e-5),
        );
      });
      // Asked again, every photo is read from the cache.
      const again = await service.results('batch', photos);
      expect(again.map((r) => r.cached)).toEqual([true, true, true, true]);
    },
  );
});
