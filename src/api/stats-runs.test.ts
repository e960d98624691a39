/**
 * The Api's stats and scale runs over the fixtures' tiny timm models: the report's split means
 * equal those of the Api's own per-photo attention, progress events come per photo × model, and a
 * cancelled run resolves with its partial report (and a `cancelled` event) instead of failing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type ApiHandle } from './create-api.js';
import { tinyZoo } from './model-registry.js';
import type { ImageEntry, ProgressEvent } from './contract.js';
import { FIXTURES } from '../testing/fixtures.js';

describe('statsRun / scaleRun over the tiny zoo', () => {
  let api: ApiHandle;
  let photos: ImageEntry[];
  const events: ProgressEvent[] = [];
  const listeners: ((e: ProgressEvent) => void)[] = [];

  beforeAll(async () => {
    api = createApi({
      host: 'cli',
      zoo: tinyZoo(`${FIXTURES}tiny`),
      onProgress: (e) => {
        events.push(e);
        for (const l of listeners) l(e);
      },
      inference: { isolate: 'thread' },
    });
    photos = [
      ...(await api.sampleImages()),
      await api.openImage({ kind: 'path', path: `${FIXTURES}images/chelsea.png` }),
    ];
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('reports split means equal to the mean of the Api’s own attention, with progress per photo × model', async () => {
    const imageIds = photos.map((p) => p.id);
    const report = await api.statsRun({ imageIds, modelIds: ['resnest50d', 'seresnet50'], taskId: 's1' });
    expect(report.complete).toBe(true);
    expect(report.photos).toEqual(photos.map((p) => p.name));
    const mine = events.filter((e) => e.taskId === 's1');
    expect(mine.at(-1)?.state).toBe('done');
    expect(mine.filter((e) => e.state === 'running' && e.model).map((e) => e.done)).toEqual(
      Array.from({ length: imageIds.length * 2 }, (_, i) => i + 1),
    );
    const resnest = report.models.find((m) => m.model === 'resnest50d')!;
    const b = resnest.blocks[0]!;
    const per: number[] = [];
    for (const id of imageIds) {
      const a = await api.attention({ imageId: id, modelId: 'resnest50d' });
      const v = Array.from(a.blocks[0]!.values);
      per.push(v.slice(0, v.length / 2).reduce((s, x) => s + x, 0) / (v.length / 2)); // split 0 over all channels
    }
    expect(b.splitTotals[0]!.mean).toBeCloseTo(per.reduce((s, x) => s + x, 0) / per.length, 6);
    expect(report.models.find((m) => m.model === 'seresnet50')!.blocks.every((x) => x.gate)).toBe(true);
  });

  it('cancel → resolves with the partial report and a cancelled event', async () => {
    const imageIds = [...photos, ...photos, ...photos].map((p) => p.id);
    const cancelAtFirst = (e: ProgressEvent): void => {
      if (e.taskId === 's2' && e.state === 'running' && e.done >= 1 && e.model) void api.cancel('s2');
    };
    listeners.push(cancelAtFirst);
    const report = await api.statsRun({ imageIds, taskId: 's2' });
    listeners.splice(listeners.indexOf(cancelAtFirst), 1);
    expect(report.complete).toBe(false);
    expect(report.done).toBeGreaterThanOrEqual(1);
    expect(report.done).toBeLessThan(report.total);
    expect(events.filter((e) => e.taskId === 's2').at(-1)?.state).toBe('cancelled');
  });

  it('scaleRun: per SK block a point per zoom, over every photo', async () => {
    const report = await api.scaleRun({
      imageIds: photos.map((p) => p.id),
      modelIds: ['skresnext50_32x4d'],
      zooms: [1, 2],
    });
    expect(report.complete).toBe(true);
    const blocks = report.models[0]!.blocks;
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks)
      expect(b.points.map((p) => [p.zoom, p.n])).toEqual([
        [1, photos.length],
        [2, photos.length],
      ]);
  });
});
