/**
 * The inference worker's preprocessing thread, from the worker's side. onnxruntime-node runs a
 * model on the worker's own thread and blocks it; a new photo's inputs for the models' other
 * preprocessing configs are made here meanwhile, on the cycles onnxruntime leaves idle, instead of
 * between one model's run and the next. The thread starts on first use; if it cannot start or
 * dies, every call fails and the worker makes the inputs itself (only slower).
 */
import type { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import type { InputMaker } from '../engine/photo-inputs.js';
import type { ModelInput } from '../image/model-input.js';
import type { RgbImage } from '../image/pil-resample.js';
import type { PreprocessConfig } from '../image/preprocess.js';
import type { PrepRequest, PrepResponse } from './prep-thread-protocol.js';
import { bundledEntry, workerThread } from './worker-channel.js';

export class PrepThread implements InputMaker {
  private worker?: Worker;
  private failure?: string;
  private nextId = 0;
  private lastShared?: { from: RgbImage; to: RgbImage };
  private readonly waiting = new Map<number, { resolve: (u: ModelInput) => void; reject: (e: Error) => void }>();

  constructor(private readonly entry: { file: string; execArgv: string[] } = bundledEntry('prep-thread')) {}

  make(img: RgbImage, cfg: PreprocessConfig): Promise<ModelInput> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    const shared = this.shared(img);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, img: shared, cfg } satisfies PrepRequest);
    });
  }

  /**
   * The photo's pixels in shared memory, copied once per photo: both threads read them, and each
   * request sends a reference (cloning 0.4 MB of pixels per config cost ~0.5 ms of the worker's
   * thread, right before the first model's run).
   */
  private shared(img: RgbImage): RgbImage {
    if (this.lastShared?.from !== img) {
      const data = new Uint8Array(new SharedArrayBuffer(img.data.byteLength));
      data.set(img.data);
      this.lastShared = { from: img, to: { data, width: img.width, height: img.height } };
    }
    return this.lastShared.to;
  }

  /** Stops the thread; calls still waiting fail. */
  async dispose(): Promise<void> {
    const w = this.worker;
    this.fail('the preprocessing thread was stopped');
    await w?.terminate();
  }

  private start(): Worker | undefined {
    if (this.worker || this.failure) return this.worker;
    if (!existsSync(this.entry.file)) {
      this.failure = `the preprocessing thread's code is missing (${this.entry.file})`;
      return undefined;
    }
    try {
      const w = workerThread(this.entry);
      w.unref(); // never what keeps the worker alive
      w.on('message', (m: PrepResponse) => {
        const waiter = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if ('input' in m) waiter?.resolve(m.input);
        else waiter?.reject(new Error(m.error));
      });
      w.on('error', (e) => this.fail(`the preprocessing thread failed: ${e.message}`));
      w.on('exit', (code) => this.fail(`the preprocessing thread exited (code ${code})`));
      this.worker = w;
    } catch (e) {
      this.failure = `the preprocessing thread did not start: ${e instanceof Error ? e.message : String(e)}`;
    }
    return this.worker;
  }

  private fail(why: string): void {
    this.failure ??= why;
    this.worker = undefined;
    for (const w of this.waiting.values()) w.reject(new Error(why));
    this.waiting.clear();
  }
}
