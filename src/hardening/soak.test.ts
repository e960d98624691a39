/**
 * Soak: 1000 consecutive Api.predict calls on one model (the fixtures' tiny ResNet at 64×64, in the
 * forked worker) keep host and worker memory flat, leak no handles or file descriptors, and a
 * worker SIGKILLed mid-request costs that one request only: the next one succeeds on a new worker.
 * Bounds are generous (allocator noise, a loaded machine); no timing is asserted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import { createApi, type ApiHandle } from '../api/create-api.js';
import { activeResources, childPids, openFds, rssOf } from './testing/proc-info.js';
import { FIXTURES } from '../testing/fixtures.js';

// Hundreds of cases per test on a shared 2-core machine: the suite default (120 s) is too tight.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const MB = 2 ** 20;
const TOTAL = 1000;
const KILL_AT = 500;
const WARMUP = 50;

let api: ApiHandle;
let modelId = '';
let imageId = '';

function workerPid(): number {
  const pids = childPids(process.pid, 'inference-worker');
  expect(pids).toHaveLength(1);
  return pids[0]!;
}

async function predictOk(): Promise<void> {
  const r = (await api.predict({ imageId, modelIds: [modelId], top: 1 })).results[0]!;
  if (r.error !== undefined || r.top.length !== 1) throw new Error(`prediction failed: ${r.error}`);
}

beforeAll(async () => {
  api = createApi({ host: 'cli', zoo: [], inference: { isolate: 'process', providers: ['cpu'], intraOpThreads: 1 } });
  modelId = (await api.openModel({ kind: 'path', path: join(FIXTURES, 'tiny/tiny_resnet/model.onnx') })).id;
  const png = await sharp(join(FIXTURES, 'images/chelsea.png')).resize(80, 80).png().toBuffer();
  imageId = (await api.openImage({ kind: 'upload', name: 'chelsea-80.png', base64: png.toString('base64') })).id;
});
afterAll(() => api.dispose());

describe(`soak: ${TOTAL} predictions on one model`, () => {
  it('memory stays flat, nothing leaks, and a killed worker costs one request', async () => {
    for (let i = 0; i < WARMUP; i++) await predictOk();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const first = workerPid();
    const host0 = process.memoryUsage();
    const worker0 = { rss: rssOf(first), fds: openFds(first) };
    const handles0 = activeResources();

    for (let i = WARMUP; i < KILL_AT; i++) await predictOk();
    const worker1 = { rss: rssOf(first), fds: openFds(first) };
    expect(workerPid()).toBe(first); // no silent restarts

    // SIGKILL the worker while a request is in flight (like the OOM killer or a native crash).
    const inFlight = api.predict({ imageId, modelIds: [modelId], top: 1 });
    process.kill(first, 'SIGKILL');
    const killed = (await inFlight).results[0]!;
    const survived = killed.error === undefined; // it may have finished just before the signal
    if (!survived)
      expect(killed.error).toMatch(
        /^inference worker crashed \(signal SIGKILL\).*the next request starts a fresh worker$/,
      );
    await predictOk(); // the very next request succeeds, on a fresh worker
    const second = workerPid();
    expect(second).not.toBe(first);

    for (let i = KILL_AT + 2; i < KILL_AT + 2 + WARMUP; i++) await predictOk();
    const worker2 = { rss: rssOf(second), fds: openFds(second) };
    for (let i = KILL_AT + 2 + WARMUP; i < TOTAL; i++) await predictOk();
    gc?.();
    const host3 = process.memoryUsage();
    const worker3 = { rss: rssOf(second), fds: openFds(second) };
    const handles3 = activeResources();

    console.log(
      `soak: ${TOTAL} predictions, worker killed at ${KILL_AT} (${survived ? 'request had already finished' : 'that request failed cleanly'}), next request ok`,
    );
    console.log(
      `  host heap ${(host0.heapUsed / MB).toFixed(1)} → ${(host3.heapUsed / MB).toFixed(1)} MB, rss ${(host0.rss / MB).toFixed(1)} → ${(host3.rss / MB).toFixed(1)} MB`,
    );
    console.log(
      `  worker 1 rss ${(worker0.rss / MB).toFixed(1)} → ${(worker1.rss / MB).toFixed(1)} MB (fds ${worker0.fds} → ${worker1.fds}); worker 2 rss ${(worker2.rss / MB).toFixed(1)} → ${(worker3.rss / MB).toFixed(1)} MB (fds ${worker2.fds} → ${worker3.fds})`,
    );
    console.log(`  host handles ${JSON.stringify(handles0)} → ${JSON.stringify(handles3)}`);

    // ~450 predictions per phase: a leaked session, tensor or decoded image per request would be
    // hundreds of MB; allocator noise is a few. Bounds: 64 MB worker, 48 MB host heap, 96 MB host rss.
    expect(worker1.rss - worker0.rss).toBeLessThan(64 * MB);
    expect(worker3.rss - worker2.rss).toBeLessThan(64 * MB);
    expect(host3.heapUsed - host0.heapUsed).toBeLessThan(48 * MB);
    expect(host3.rss - host0.rss).toBeLessThan(96 * MB);
    expect(worker1.fds).toBe(worker0.fds);
    expect(worker3.fds).toBe(worker2.fds);
    // One worker, one IPC channel: the same handles as after warm-up (the killed worker's are gone).
    expect(handles3).toEqual(handles0);
  });
});
