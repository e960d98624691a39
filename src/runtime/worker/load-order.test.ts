/**
 * Each model's results come back as soon as that model is ready, not when every model is: a request
 * made while its model loads is queued in the worker right behind that load, ahead of the loads of
 * models opened later. Through the service and through the Api as the UI calls it (one predict per model).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceService } from './inference-service.js';
import { tinyFixtures } from '../../testing/tiny-fixtures.js';
import { createApi } from '../../api/create-api.js';
import { tinyZoo } from '../../api/model-registry.js';
import { FIXTURES } from '../../testing/fixtures.js';
import { openChannel } from './worker-channel.js';

const tiny = tinyFixtures().slice(0, 3);

describe('results arrive model by model', () => {
  const service = new InferenceService({ isolate: 'thread' });
  afterAll(() => service.dispose());

  it('the service: the first model predicts before the last one has loaded', async () => {
    const order: string[] = [];
    await Promise.all(
      tiny.map((t) =>
        Promise.all([
          service.open(t.name, { file: t.model }).then(() => order.push(`open ${t.name}`)),
          service.predict(t.name, { tensor: t.input, dims: t.inputShape }).then(() => order.push(`predict ${t.name}`)),
        ]),
      ),
    );
    const [first, , last] = tiny.map((t) => t.name);
    expect(order.indexOf(`predict ${first}`)).toBeLessThan(order.indexOf(`open ${last}`));
    expect(order).toHaveLength(6);
  });

  it('the Api: five predict calls at once, each sent to the worker right behind its own model load', async () => {
    const sent: string[] = [];
    const api = createApi({
      host: 'cli',
      zoo: tinyZoo(`${FIXTURES}tiny/`),
      inference: {
        // The real worker (a thread), with the requests it is sent recorded in order.
        channel: (events) => {
          const channel = openChannel({ isolation: 'thread' }, events);
          return {
            ready: channel.ready,
            kill: () => channel.kill(),
            alive: () => channel.alive(),
            send: (m) => {
              if ('call' in m && 'modelId' in m.call) sent.push(`${m.call.op} ${m.call.modelId}`);
              channel.send(m);
            },
          };
        },
      },
    });
    try {
      const [image] = await api.sampleImages();
      const models = await api.listModels();
      const results = await Promise.all(models.map((m) => api.predict({ imageId: image!.id, modelIds: [m.id] })));
      expect(results.map((r) => r.results[0]!.error)).toEqual(models.map(() => undefined));
      expect(sent).toEqual(models.flatMap((m) => [`open ${m.id}`, `results ${m.id}`]));
    } finally {
      await api.dispose();
    }
  });
});
