// Issue #15 item 7 (and item 2's SIGTERM): serve memory is bounded. A real `splitlens serve` child
// process takes 1,000 photo uploads and 50 model opens (distinct uploads of the tiny ResNet), with
// a prediction every 20 photos and a cancelled one on the way; its resident memory is read from
// /proc after a warm-up and at the end, and must stay within a fixed bound (the issue measured
// +74 MB per 100 photos, never returned). Old photos and models are forgotten (their ids answer
// 400), the newest still predict, and SIGTERM then ends the process at once: no request's timer
// holds it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { FIXTURES } from '../testing/fixtures.js';
import { decode, encode } from './testing/onnx-mutations.js';
import { startServe, type ServeProcess } from './testing/serve-process.js';

vi.setConfig({ testTimeout: 900_000, hookTimeout: 300_000 });

const MiB = 2 ** 20;
const PHOTOS = 1000;
const MODELS = 50;
const WARMUP = 100;
/** Growth allowed after the warm-up: the caches' own bounds for small photos are a few MB; the rest is allocator noise. */
const GROWTH_BOUND = 200 * MiB;

const tinyOnnx = readFileSync(`${FIXTURES}tiny/tiny_resnet/model.onnx`);
let serve: ServeProcess;

/** A 160×120 photo of noise seeded by `i` (distinct bytes, a real preview to make). */
async function photo(i: number): Promise<string> {
  const px = Buffer.alloc(160 * 120 * 3);
  let x = (i + 1) * 2654435761;
  for (let k = 0; k < px.length; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    px[k] = x >>> 24;
  }
  return (
    await sharp(px, { raw: { width: 160, height: 120, channels: 3 } })
      .png()
      .toBuffer()
  ).toString('base64');
}

function model(i: number): string {
  const m = decode(tinyOnnx);
  m.docString = `serve memory copy ${i}`;
  return Buffer.from(encode(m)).toString('base64');
}

async function ok<T>(method: string, args: unknown[]): Promise<T> {
  const r = await serve.call(method, args);
  if (r.status !== 200) throw new Error(`${method}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

beforeAll(async () => {
  serve = await startServe();
});
afterAll(() => serve?.dispose());

describe(`serve memory: ${PHOTOS} photos and ${MODELS} model opens`, () => {
  it('stays within its bound, forgets the oldest, and still answers with the newest', async () => {
    const images: string[] = [];
    const models: string[] = [];
    let baseline = 0;
    let peakAfterWarmup = 0;
    for (let i = 0; i < PHOTOS; i++) {
      images.push(
        (await ok<{ id: string }>('openImage', [{ kind: 'upload', name: `p${i}.png`, base64: await photo(i) }])).id,
      );
      if (i % (PHOTOS / MODELS) === 0) {
        const m = await ok<{ id: string }>('openModel', [
          { kind: 'upload', name: `m${models.length}.onnx`, base64: model(models.length) },
        ]);
        models.push(m.id);
        const taskId = `t${i}`;
        const run = serve.call('predict', [{ imageId: images[i], modelIds: [m.id, 'resnet50'], taskId }]);
        // Every fifth one is cancelled as it runs (its watchdog must go with it).
        if (models.length % 5 === 0) await serve.call('cancel', [taskId]);
        const r = await run;
        expect([200, 400]).toContain(r.status);
      }
      if (i === WARMUP) baseline = serve.memory().rss;
      if (i > WARMUP) peakAfterWarmup = Math.max(peakAfterWarmup, serve.memory().rss);
    }
    const end = serve.memory();
    const list = await ok<{ id: string; source: string }[]>('listModels', []);
    console.log(
      `serve memory (pid ${serve.pid}): RSS after ${WARMUP} photos ${(baseline / MiB).toFixed(0)} MiB, ` +
        `highest after that ${(peakAfterWarmup / MiB).toFixed(0)} MiB, at the end ${(end.rss / MiB).toFixed(0)} MiB ` +
        `(peak since start ${(end.peak / MiB).toFixed(0)} MiB); ${list.filter((m) => m.source === 'file').length} ` +
        `opened files listed of ${MODELS}`,
    );
    expect(peakAfterWarmup - baseline).toBeLessThan(GROWTH_BOUND);
    // The oldest photo and model are forgotten; the newest answer.
    const first = await serve.call('predict', [{ imageId: images[0], modelIds: ['resnet50'] }]);
    expect(first.status).toBe(400);
    expect((first.body as { error: string }).error).toContain('unknown image id');
    expect((await serve.call('analyze', [models[0]])).status).toBe(400);
    expect(list.filter((m) => m.source === 'file').length).toBeLessThanOrEqual(16);
    const last = await ok<{ results: { top: unknown[] }[] }>('predict', [
      { imageId: images.at(-1), modelIds: [models.at(-1)] },
    ]);
    expect(last.results[0]!.top).toHaveLength(5);
    expect(serve.workers()).toHaveLength(1);
  });

  it('ends at once on SIGTERM, its worker with it', async () => {
    const worker = serve.workers()[0]!;
    const exit = await serve.stop();
    console.log(`serve SIGTERM after the memory run: exit ${exit.code} in ${Math.round(exit.ms)} ms`);
    expect(exit.code).toBe(0);
    expect(existsSync(`/proc/${worker}`)).toBe(false);
  });
});
