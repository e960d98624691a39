/**
 * Runs ONNX inputs through the reader and analyzer in a worker thread, one at a time, each with a
 * timeout: a case that hangs is reported as `hang` and the thread is replaced; a thread that dies
 * (out of memory, a native fault) is reported as `crash`. Used by the corpus tests and the fuzzer.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Outcome } from './outcome.js';
import type { ProbeRequest, ProbeResponse } from './probe-worker.js';

function startWorker(override?: URL): Worker {
  const here = import.meta.url;
  const entry = override ?? new URL(here.endsWith('.ts') ? './probe-worker.ts' : './probe-worker.mjs', here);
  if (!entry.pathname.endsWith('.ts'))
    return new Worker(fileURLToPath(entry), { resourceLimits: { maxOldGenerationSizeMb: 2048 } });
  // Sources (vitest, tsx): load the .ts entry through tsx's ESM API, as worker-channel.ts does.
  const loader = createRequire(here).resolve('tsx');
  const api = pathToFileURL(join(dirname(loader), 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)}))`;
  return new Worker(code, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
}

export class Prober {
  private worker?: Worker;
  private ready?: Promise<void>;
  private nextId = 1;
  private waiting?: { id: number; done: (o: Outcome) => void };

  /** `entry`: another worker script speaking the same protocol (tests of the prober itself). */
  constructor(
    private readonly timeoutMs = 20_000,
    private readonly entry?: URL,
  ) {}

  private ensure(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    const w = startWorker(this.entry);
    this.worker = w;
    this.ready = new Promise<void>((resolve, reject) => {
      w.once('message', (m) =>
        m === 'ready' ? resolve() : reject(new Error(`unexpected first message ${String(m)}`)),
      );
      w.once('error', reject);
    });
    w.on('message', (m: ProbeResponse | string) => {
      if (typeof m === 'string' || m.id !== this.waiting?.id) return;
      this.waiting.done(m.outcome);
    });
    w.on('error', (e) => {
      if (this.worker === w) this.worker = undefined; // an uncaught error ends the thread: start a new one next time
      this.waiting?.done({ kind: 'crash', detail: `probe thread error: ${e.message.split('\n')[0]}` });
    });
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = undefined;
      this.waiting?.done({ kind: 'crash', detail: `probe thread exited (code ${code})` });
    });
    return this.ready;
  }

  /** The outcome of reading and analysing one input. */
  async probe(input: string | Uint8Array): Promise<Outcome> {
    await this.ensure();
    const w = this.worker!;
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        finish({ kind: 'hang', detail: `no answer within ${this.timeoutMs} ms` });
        this.worker = undefined;
        void w.terminate();
      }, this.timeoutMs);
      const finish = (o: Outcome): void => {
        if (this.waiting?.id !== id) return;
        this.waiting = undefined;
        clearTimeout(timer);
        resolve(o);
      };
      this.waiting = { id, done: finish };
      w.postMessage({ id, input } satisfies ProbeRequest);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}
