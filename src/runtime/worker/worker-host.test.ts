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

  /** Requests to one host, numbered 1, 2, … in order, and every answer in the order it came. */
  const answers = (calls: WorkerCall[]): Promise<WorkerResponse[]> =>
    new Promise((resolve) => {
      const got: WorkerResponse[] = [];
      const host = new WorkerHost((m) => {
        got.push(m);
        if (got.length === calls.length) resolve(got);
      });
      calls.forEach((call, i) => host.handle({ id: i + 1, call }));
    });

  /** Loading the tiny ResNet as `modelId`, and asking it for a photo's result. */
  async function tinyCalls() {
    const t = tinyFixtures().find((f) => f.name === 'tiny_resnet')!;
    const plan = await planModel(t.model, { name: t.name, weights: 'untrained' });
    return {
      load: (modelId: string): WorkerCall => ({
        op: 'load',
        modelId,
        source: plan.source,
        meta: plan.meta,
        options: { warmup: false },
      }),
      results: (modelId: string, image: string): WorkerCall => ({
        op: 'results',
        modelId,
        images: [image],
        top: 1,
        logits: false,
        attention: true,
      }),
    };
  }
  const cat = assetPath('sample-chelsea.png');
  const rocket = assetPath('sample-rocket.jpg');
  const firstResult = (r: WorkerResponse | undefined) =>
    (r as { result: { cached: boolean; top: unknown }[] }).result[0]!;

  it('answers a request the result cache holds before queued inferences, and runs the rest in order', async () => {
    const { load, results } = await tinyCalls();
    const responses = await answers([
      load('a'),
      load('b'),
      results('a', cat), // 3: runs, and its result is cached
      results('b', cat), // 4: an inference
      results('b', rocket), // 5: an inference
      results('a', cat), // 6: the cache has it (the UI's attention after a's prediction)
      { op: 'saliency', modelId: 'a', image: cat }, // 7: the cache has it too
      results('a', rocket), // 8: an inference: stays behind 4 and 5
    ]);
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
    const result = (id: number) => firstResult(responses.find((r) => r.id === id));
    expect(result(6).cached).toBe(true);
    expect(result(6).top).toEqual(result(3).top);
    expect([result(4).cached, result(5).cached, result(8).cached]).toEqual([false, false, false]);
  });

  it('never moves a cache read past a reload of its model: the read waits and runs on the new session', async () => {
    const { load, results } = await tinyCalls();
    const responses = await answers([
      load('a'),
      load('b'),
      results('a', cat),
      results('b', cat),
      load('a'),
      results('a', cat),
    ]);
    expect(responses.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(firstResult(responses[5]).cached).toBe(false); // the reload let go of a's results: it ran again
  });
});
