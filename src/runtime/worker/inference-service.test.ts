import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CancelledError, UserError } from '../../common/errors.js';
import { InferenceService, WorkerCrashedError } from './inference-service.js';
import { planModel, type ModelPlan } from '../engine/model-plan.js';
import { defaultProviders } from '../engine/ort-engine.js';
import { maxAbsDiff, tinyFixtures } from '../../testing/tiny-fixtures.js';
import { FIXTURES } from '../../testing/fixtures.js';
import { saliencyOnPhoto } from '../../common/saliency-upsample.js';

const tiny = tinyFixtures();
const byName = (n: string) => tiny.find((t) => t.name === n)!;

describe('InferenceService on the tiny timm fixtures (forked worker, taps added by the runtime)', () => {
  const service = new InferenceService();
  const plans = new Map<string, ModelPlan>();

  beforeAll(async () => {
    for (const t of tiny) {
      const plan = await planModel(t.model, { name: t.name, weights: 'untrained' });
      plans.set(t.name, plan);
      await service.load(t.name, plan.source, plan.meta);
    }
  });
  afterAll(() => service.dispose());

  it.each(tiny.map((t) => [t.name, t] as const))(
    '%s: logits ≤ 1e-4 and every attention tensor ≤ 1e-5 of timm',
    async (_, t) => {
      // One response per image of the fixture's batch.
      const all = await service.attentionAll(t.name, { tensor: t.input, dims: t.inputShape }, { logits: true });
      expect(all).toHaveLength(t.inputShape[0]!);
      const flat = (f: (r: (typeof all)[number]) => Float32Array) => all.flatMap((r) => Array.from(f(r)));
      expect(
        maxAbsDiff(
          flat((r) => r.logits!),
          t.logits,
        ),
      ).toBeLessThanOrEqual(1e-4);
      const res = all[0]!;
      expect(res.blocks.map((b) => b.name)).toEqual(t.attention.map((a) => a.module.split('.').slice(0, 2).join('.')));
      for (const [i, ref] of t.attention.entries()) {
        const block = res.blocks[i]!;
        expect(block.values).toBeInstanceOf(Float32Array);
        expect(block.shape.reduce((a, b) => a * b, 1)).toBe(ref.perImage);
        expect(
          maxAbsDiff(
            flat((r) => r.blocks[i]!.values),
            ref.values,
          ),
        ).toBeLessThanOrEqual(1e-5);
      }
    },
  );

  it('opens uploaded ONNX bytes in the worker (planned there: taps, CAM head)', async () => {
    const t = byName('tiny_skresnet_basic');
    const opened = await service.open('uploaded', {
      bytes: new Uint8Array(readFileSync(t.model)),
      name: 'upload.onnx',
    });
    expect(opened).toMatchObject({ name: 'upload.onnx', weights: 'pretrained', saliency: true });
    expect(opened.taps.map((tap) => tap.block)).toEqual(['layer1.0', 'layer2.0', 'layer3.0', 'layer4.0']);
    const res = await service.attention('uploaded', { tensor: t.input, dims: t.inputShape });
    const per = t.attention[3]!.perImage;
    expect(maxAbsDiff(res.blocks[3]!.values, t.attention[3]!.values.subarray(0, per))).toBeLessThanOrEqual(1e-5);
    await service.unload('uploaded');
    await expect(service.predict('uploaded', `${FIXTURES}images/chelsea.png`)).rejects.toThrow(
      'model uploaded is not loaded',
    );
  });

  it('names the dims of each attention kind', async () => {
    const shapes = async (n: string) =>
      (await service.attention(n, { tensor: byName(n).input, dims: byName(n).inputShape })).blocks[0]!;
    expect(await shapes('tiny_resnest_r4c2')).toMatchObject({
      kind: 'splat',
      dims: ['radix', 'cardinal', 'channel'],
      shape: [4, 2, 8],
    });
    expect(await shapes('tiny_skresnext')).toMatchObject({ kind: 'sk', dims: ['path', 'channel'], shape: [2, 8] });
    expect(await shapes('tiny_seresnet')).toMatchObject({ kind: 'se', dims: ['channel'], shape: [32] });
  });

  it('reports the provider it ran on, and why better ones were skipped', async () => {
    const info = await service.info('tiny_resnet');
    const order = defaultProviders();
    // Every provider before the one that ran failed, with a one-line reason naming it.
    expect(order).toContain(info.provider);
    expect(info.fallbacks.map((f) => f.split(':')[0])).toEqual(order.slice(0, order.indexOf(info.provider)));
    for (const f of info.fallbacks) expect(f).not.toContain('\n');
    const p = await service.predict('tiny_resnet', `${FIXTURES}images/chelsea.png`);
    expect(p.provider).toBe(info.provider);
    expect(p.fallback).toBe(info.fallbacks.length ? info.fallbacks.join('; ') : undefined);
    expect(p.firstRunMs).toBeGreaterThan(0);
  });

  it('switches providers on request (the UI setting): models reload on the new one', async () => {
    await service.setProviders(['cpu']);
    const info = await service.info('tiny_resnet');
    expect(info).toMatchObject({ provider: 'cpu', fallbacks: [] });
    await service.setProviders(undefined);
    const auto = await service.info('tiny_resnet');
    const order = defaultProviders();
    expect(auto.fallbacks.map((f) => f.split(':')[0])).toEqual(order.slice(0, order.indexOf(auto.provider)));
  });

  it('predicts softmax top-k from the logits', async () => {
    const t = byName('tiny_seresnext');
    const p = await service.predict(t.name, { tensor: t.input, dims: t.inputShape }, { top: 3, logits: true });
    const first = Array.from(t.logits.subarray(0, 10));
    const sorted = first.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
    expect(p.top.map((c) => c.index)).toEqual(sorted.slice(0, 3).map(([, i]) => i));
    const z = first.reduce((a, v) => a + Math.exp(v - sorted[0]![0]), 0);
    expect(p.top[0]!.prob).toBeCloseTo(1 / z, 6);
    expect(p.top[0]!.label).toBe(`class ${sorted[0]![1]}`);
  });

  it('computes a class activation map for the predicted class, on the photo', async () => {
    const image = `${FIXTURES}images/coffee.png`; // 600×400
    const p = await service.predict('tiny_resnet', image);
    const s = await service.saliency('tiny_resnet', image);
    expect(s.classIndex).toBe(p.top[0]!.index);
    // The map crosses at the feature grid's size (64 px input / 32 = 2×2), with the crop that places it.
    expect([s.grid.width, s.grid.height]).toEqual([2, 2]);
    expect(s.crop).toMatchObject({ width: 600, height: 400 });
    const photo = saliencyOnPhoto(s.grid, s.crop);
    expect([photo.width, photo.height]).toEqual([512, 341]);
    expect(photo.values).toHaveLength(photo.width * photo.height);
    const max = photo.values.reduce((a, v) => Math.max(a, v), -Infinity);
    expect(photo.values.reduce((a, v) => Math.min(a, v), Infinity)).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    // The 64×64 input is a centre crop (crop_pct 0.875): columns left of it carry no map.
    const row = Math.floor(photo.height / 2) * photo.width;
    expect(photo.values[row + 2]).toBe(0);
    expect(photo.values.slice(row, row + photo.width).some((v) => v > 0)).toBe(true);
  });

  it.each([
    ['odd/empty.png', 'empty file'],
    ['odd/not_an_image.jpg', 'not a supported image'],
    ['odd/truncated.jpg', 'premature end of JPEG'],
  ])('%s fails with a UserError, and the worker keeps serving', async (file, message) => {
    const err = await service.predict('tiny_resnet', `${FIXTURES}images/${file}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(message);
    expect((await service.predict('tiny_resnet', `${FIXTURES}images/odd/one_pixel.png`)).top).toHaveLength(5);
  });

  it.each([
    'odd/chelsea.webp',
    'odd/chelsea_16bit.png',
    'odd/chelsea_cmyk.jpg',
    'odd/chelsea_exif_rot6.jpg',
    'odd/chelsea_gray.jpg',
    'odd/chelsea_progressive.jpg',
    'odd/chelsea_rgba.png',
    'odd/one_pixel.png',
    'astronaut.png',
    'camera.png',
    'chelsea.png',
    'coffee.png',
    'coins.png',
    'horse.png',
    'motorcycle_left.png',
    'rocket.jpg',
  ])('predicts %s', async (file) => {
    const p = await service.predict('tiny_resnest', `${FIXTURES}images/${file}`, { top: 2 });
    expect(p.top).toHaveLength(2);
    expect(p.top[0]!.prob).toBeGreaterThan(0);
  });

  it('rejects a request whose signal is aborted, and drops it', async () => {
    const t = byName('tiny_resnest');
    const input = { tensor: t.input, dims: t.inputShape };
    const ac = new AbortController();
    const running = service.predict(t.name, input);
    const queued = [1, 2, 3].map(() => service.predict(t.name, input, { signal: ac.signal }));
    ac.abort();
    for (const q of queued) await expect(q).rejects.toBeInstanceOf(CancelledError);
    await expect(running).resolves.toMatchObject({ model: 'tiny_resnest' });
    await expect(service.predict(t.name, input, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect((await service.predict(t.name, input)).top).toHaveLength(5);
  });
});

describe('InferenceService survives a crashing worker', () => {
  it.each([
    ['process', 'abort', /signal SIGABRT/],
    ['thread', 'exit', /exit code 70/],
  ] as const)(
    '%s worker, %s: the request fails clearly and the next one starts a fresh worker',
    async (isolate, how, reason) => {
      const t = byName('tiny_skresnext');
      const plan = await planModel(t.model, { name: t.name, weights: 'untrained' });
      const service = new InferenceService({ isolate, debug: true });
      try {
        // Both ways in: a planned model (bytes + meta), and a file the worker plans itself.
        if (isolate === 'process')
          expect(await service.open('m', { file: t.model })).toMatchObject({
            name: 'tiny_skresnext/model.onnx',
            saliency: true,
          });
        else await service.load('m', plan.source, plan.meta);
        const input = { tensor: t.input, dims: t.inputShape };
        const before = await service.attention('m', input);
        const crash = service.debugCrash(how);
        const caught = service.predict('m', input); // queued behind the crash
        await expect(crash).rejects.toBeInstanceOf(WorkerCrashedError);
        const err = (await caught.catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(WorkerCrashedError);
        expect(err.message).toMatch(reason);
        expect(err.message).toMatch(/while predicting with m; the next request starts a fresh worker$/);
        // The fresh worker reloads the model on demand and gives the same answer.
        expect(await service.attention('m', input)).toEqual(before);
      } finally {
        await service.dispose();
      }
    },
  );

  it('a worker that stops answering is given up on after the request timeout, and replaced', async () => {
    const t = byName('tiny_resnet');
    const service = new InferenceService({ isolate: 'process', debug: true, requestTimeoutMs: 3000 });
    try {
      await service.open('m', { file: t.model });
      const hang = service.debugCrash('hang');
      const queued = service.predict('m', { tensor: t.input, dims: t.inputShape });
      await expect(hang).rejects.toThrow(
        /^inference worker did not answer within 3 s and was stopped while crashing on purpose \(hang\)/,
      );
      await expect(queued).rejects.toBeInstanceOf(WorkerCrashedError);
      expect((await service.predict('m', { tensor: t.input, dims: t.inputShape })).top).toHaveLength(5);
    } finally {
      await service.dispose();
    }
  });

  it('refuses the debug crash unless the service was started with debug', async () => {
    const service = new InferenceService({ isolate: 'thread' });
    try {
      await expect(service.debugCrash('exit')).rejects.toThrow('crash is a debug request');
    } finally {
      await service.dispose();
    }
  });
});
