/**
 * The worker's side of the protocol, independent of the transport: requests run one at a time in
 * arrival order (onnxruntime-node's run blocks its thread anyway); a cancelled request that has not
 * started is dropped, one that is running finishes and its result is discarded by the caller.
 */
import { CancelledError, oneLine } from '../../common/errors.js';
import { OrtEngine } from '../engine/ort-engine.js';
import { ModelRunner, type CacheLimits } from '../engine/model-runner.js';
import { PrepThread } from './prep-thread.js';
import {
  CACHE_MB_ENV,
  WORKER_DEBUG_ENV,
  type WorkerCall,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol.js';

/** The result cache's bound from `SPLITLENS_CACHE_MB` (the bench's memory run), else the runner's default. */
function cacheLimits(): CacheLimits {
  const mb = Number(process.env[CACHE_MB_ENV]);
  return Number.isFinite(mb) && mb > 0 ? { resultBytes: mb * 2 ** 20 } : {};
}

export class WorkerHost {
  // A new photo's inputs for the models' other preprocessing configs are made on a thread of
  // their own while onnxruntime blocks this one.
  private readonly runner = new ModelRunner(new OrtEngine(), cacheLimits(), new PrepThread());
  private readonly queue: { id: number; call: WorkerCall }[] = [];
  private busy = false;

  constructor(private readonly send: (msg: WorkerResponse) => void) {
    // A model being loaded skips its warm-up when a photo already waits for it.
    this.runner.waiting = (id) =>
      this.queue.some(({ call }) => (call.op === 'results' || call.op === 'saliency') && call.modelId === id);
  }

  handle(msg: WorkerRequest): void {
    if ('cancel' in msg) {
      const i = this.queue.findIndex((q) => q.id === msg.id);
      if (i >= 0) {
        this.queue.splice(i, 1);
        this.send({ id: msg.id, ok: false, error: { name: 'CancelledError', message: new CancelledError().message } });
      }
      return;
    }
    this.queue.push(msg);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let next = this.next(); next; next = this.next()) {
        try {
          this.send({ id: next.id, ok: true, result: await this.execute(next.call) });
        } catch (e) {
          const name = e instanceof Error ? e.name : 'Error';
          this.send({ id: next.id, ok: false, error: { name, message: oneLine(e) } });
        }
        // An inference blocks this thread: let the messages that came meanwhile in before choosing
        // the next request (one turn of the event loop), so a cache read that came is seen.
        if (this.queue.length) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.busy = false;
    }
  }

  /**
   * The request to run next: in arrival order, except that one answered from the result cache
   * (attention or saliency of a photo a model ran on, a repeated prediction) goes before queued
   * inferences — the UI asks for a model's attention as soon as its prediction arrives, while the
   * other models' runs are still queued, and should not wait for all of them.
   */
  private next(): { id: number; call: WorkerCall } | undefined {
    // Never past a load or an unload of the same model: its cached results may be about to go.
    const reloading = new Set<string>();
    for (const [i, { call }] of this.queue.entries()) {
      if (call.op === 'load' || call.op === 'open' || call.op === 'unload') reloading.add(call.modelId);
      else if (i > 0 && this.readsCache(call) && !reloading.has(call.modelId)) return this.queue.splice(i, 1)[0];
    }
    return this.queue.shift();
  }

  private readsCache(call: WorkerCall): call is WorkerCall & { modelId: string } {
    if (call.op === 'results') return this.runner.answersFromCache(call.modelId, call.images);
    if (call.op === 'saliency') return this.runner.answersFromCache(call.modelId, [call.image]);
    return false;
  }

  private async execute(call: WorkerCall): Promise<unknown> {
    switch (call.op) {
      case 'load':
        return this.runner.load(call.modelId, call.source, call.meta, call.options);
      case 'open':
        return this.runner.open(call.modelId, call.target, call.options);
      case 'unload':
        return this.runner.unload(call.modelId);
      case 'putPhoto':
        return this.runner.putPhoto(call.photoId, call.bytes);
      case 'results':
        return this.runner.photoResults(call.modelId, call.images, call);
      case 'cacheStats':
        return { ...this.runner.cacheStats(), rssBytes: process.memoryUsage.rss() };
      case 'saliency':
        return this.runner.saliency(call.modelId, call.image, call.classIndex);
      case 'prepare':
        return this.runner.prepareFor(call.modelIds, call.image);
      case 'crash':
        if (process.env[WORKER_DEBUG_ENV] !== '1') throw new Error('crash is a debug request');
        if (call.how === 'abort') process.abort();
        if (call.how === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
        if (call.how === 'throw') {
          // What a GPU driver prints on its way, then our own fatal error: the latter is the reason.
          process.stderr.write('PhysicalDeviceVk.cpp:253 (W) vkEnumeratePhysicalDevices returned no device\n');
          setImmediate(() => {
            throw new Error('debug crash: an uncaught error in the worker');
          });
          return new Promise(() => undefined);
        }
        process.exit(70);
    }
  }
}
