import { describe, expect, it } from 'vitest';
import { WorkerHost } from './worker-host.js';
import { planModel } from '../engine/model-plan.js';
import { tinyFixtures } from '../../testing/tiny-fixtures.js';
import type { WorkerCall, WorkerResponse } from './worker-protocol.js';
import { assetPath } from '../../platform/paths.js';

describe('WorkerHost (the worker side of the protocol, any transport)', () => {
  it('runs requests in order and drops a queued request when it is cancelled', async () => {
    const t = tinyFixtures().find((f) => f.name === 'tiny_resnet')!;
    const plan = await planModel(t.model, { name: t.name, weights: 'untrained' });
    const responses: WorkerResponse[] = [];
    const settled = new Promise<void>((resolve) => {
      const host = new WorkerHost((m) => {
        responses.push(m);
        if (responses.length === 4) resolve();
      });
      const image = { tensor: t.input, dims: t.inputShape };
      host.handle({
        id: 1,
        call: { op: 'load', modelId: 'm', source: plan.source, meta: plan.meta, options: { warmup: false } },
      });
      host.handle({
        id: 2,
        call: { op: 'results', modelId: 'm', images: [image], top: 1, logits: false, attention: false },
      });
      host.handle({
        id: 3,
        call: { op: 'results', modelId: 'm', images: [image], top: 1, logits: false, attention: false },
      });
      host.handle({
        id: 4,
        call: { op: 'results', modelId: 'm', images: [image], top: 1, logits: false, attention: false },
      });
      host.handle({ id: 3, cancel: true }); // still queued behind the load: never runs
    });
    await settled;
    expect(responses.map((r) => [r.id, r.ok])).toEqual([
      [3, false],
      [1, true],
      [2, true],
      [4, true],
    ]);
    expect(responses[0]).toMatchObject({ error: { name: 'CancelledError' } });
  });

  it('answers a request for a model it has not loaded with a UserError', async () => {
    const reply = await new Promise<WorkerResponse>((resolve) => {
      new WorkerHost(resolve).handle({
        id: 7,
        call: { op: 'results', modelId: 'nope', images: ['x.png'], top: 5, logits: false, attention: true },
      });
    });
    expect(reply).toEqual({ id: 7, ok: false, error: { name: 'UserError', message: 'model nope is not loaded' } });
  });

  it('warms a model up at load only when no photo waits for it (a waiting run warms it itself)', async () => {
    const t = tinyFixtures().find((f) => f.name === 'tiny_resnet')!;
    const plan = await planModel(t.model, { name: t.name, weights: 'untrained' });
    const image = { tensor: t.input, dims: t.inputShape };
    const run = (queueARun: boolean) =>
      new Promise<WorkerResponse[]>((resolve) => {
        const responses: WorkerResponse[] = [];
        const host = new WorkerHost((m) => {
          responses.push(m);
          if (responses.length === (queueARun ? 2 : 1)) resolve(responses);
        });
        host.handle({ id: 1, call: { op: 'load', modelId: 'm', source: plan.source, meta: plan.meta, options: {} } });
        if (queueARun)
          host.handle({
            id: 2,
            call: { op: 'results', modelId: 'm', images: [image], top: 1, logits: false, attention: false },
          });
      });
    const alone = await run(false);
    expect(alone[0]).toMatchObject({ id: 1, ok: true });
    expect((alone[0] as { result: { firstRunMs?: number } }).result.firstRunMs).toBeGreaterThan(0);
    const waited = await run(true);
    expect(waited.map((r) => [r.id, r.ok])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect((waited[0] as { result: { firstRunMs?: number } }).result.firstRunMs).toBeUndefined();
  });

  it('answers a request the result cache holds before queued inferences, and runs the rest in order', async () => {
    const t = tinyFixtures().find((f) => f.name === 'tiny_resnet')!;
    const plan = await planModel(t.model, { name: t.name, weights: 'untrained' });
    const [cat, rocket] = [assetPath('sample-chelsea.png'), assetPath('sample-rocket.jpg')];
    const results = (modelId: string, image: string): WorkerCall => ({
      op: 'results',
      modelId,
      images: [image],
      top: 1,
      logits: false,
      attention: true,
    });
    const calls: WorkerCall[] = [
      { op: 'load', modelId: 'a', source: plan.source, meta: plan.meta, options: { warmup: false } },
      { op: 'load', modelId: 'b', source: plan.source, meta: plan.meta, options: { warmup: false } },
      results('a', cat), // 3: runs, and its result is cached
      results('b', cat), // 4: an inference
      results('b', rocket), // 5: an inference
      results('a', cat), // 6: the cache has it (the UI's attention after a's prediction)
      { op: 'saliency', modelId: 'a', image: cat }, // 7: the cache has it too
      results('a', rocket), // 8: an inference: stays behind 4 and 5
    ];
    const responses = await new Promise<WorkerResponse[]>((resolve) => {
      const got: WorkerResponse[] = [];
      const host = new WorkerHost((m) => {
        got.push(m);
        if (got.length === calls.length) resolve(got);
      });
      calls.forEach((call, i) => host.handle({ id: i + 1, call }));
    });
    expect(responses.map((r) => [r.id, r.ok])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [6, true],
      [7, true],
      [4, true],
      [5, true],
      [8, true],
    ]);
    const byId = new Map(responses.map((r) => [r.id, r]));
    const result = (id: number) => (byId.get(id) as { result: { cached: boolean; top: unknown }[] }).result[0]!;
    expect(result(6).cached).toBe(true);
    expect(result(6).top).toEqual(result(3).top);
    expect([result(4).cached, result(5).cached, result(8).cached]).toEqual([false, false, false]);
  });

  it('never moves a cache read past a reload of its model: the read waits and runs on the new session', async () => {
    const t = tinyFixtures().find((f) => f.name === 'tiny_resnet')!;
    const plan = await planModel(t.model, { name: t.name, weights: 'untrained' });
    const cat = assetPath('sample-chelsea.png');
    const load = (modelId: string): WorkerCall => ({
      op: 'load',
      modelId,
      source: plan.source,
      meta: plan.meta,
      options: { warmup: false },
    });
    const results = (modelId: string): WorkerCall => ({
      op: 'results',
      modelId,
      images: [cat],
      top: 1,
      logits: false,
      attention: false,
    });
    const calls = [load('a'), load('b'), results('a'), results('b'), load('a'), results('a')];
    const responses = await new Promise<WorkerResponse[]>((resolve) => {
      const got: WorkerResponse[] = [];
      const host = new WorkerHost((m) => {
        got.push(m);
        if (got.length === calls.length) resolve(got);
      });
      calls.forEach((call, i) => host.handle({ id: i + 1, call }));
    });
    expect(responses.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const last = (responses[5] as { result: { cached: boolean }[] }).result[0]!;
    expect(last.cached).toBe(false); // the reload let go of a's results: it ran again
  });
});
