/**
 * Messages between the inference service and its worker. Plain structured-clone data, so the same
 * protocol runs over worker_threads, a forked Node process (`serialization: 'advanced'`) and an
 * Electron utility process.
 */
import type { ModelMeta } from '../engine/model-meta.js';
import type { ImageSource, ModelSource, ModelTarget, RunnerLoadOptions } from '../engine/model-runner.js';

export type WorkerCall =
  | { op: 'load'; modelId: string; source: ModelSource; meta: ModelMeta; options: RunnerLoadOptions }
  | { op: 'open'; modelId: string; target: ModelTarget; options: RunnerLoadOptions & { saliency?: boolean } }
  | { op: 'unload'; modelId: string }
  | { op: 'predict'; modelId: string; image: ImageSource; top: number; logits: boolean }
  | { op: 'attention'; modelId: string; image: ImageSource; logits: boolean }
  | { op: 'saliency'; modelId: string; image: ImageSource; classIndex?: number }
  /** Tests only (honoured when the worker runs with SPLITLENS_WORKER_DEBUG=1): die like a native crash, or hang. */
  | { op: 'crash'; how: CrashHow };

/** abort: a native crash; exit: a hard exit; hang: never answers; throw: a driver log line, then an uncaught error. */
export type CrashHow = 'abort' | 'exit' | 'hang' | 'throw';

export type WorkerRequest = { id: number; call: WorkerCall } | { id: number; cancel: true };

export interface WorkerError {
  name: string;
  message: string;
}

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WorkerError };

/** Sent once when the worker is ready to take requests. */
export const WORKER_READY = 'splitlens:inference-worker-ready';
export const WORKER_DEBUG_ENV = 'SPLITLENS_WORKER_DEBUG';
/** Marks the worker's own fatal error on its stderr (the crash reason the service reports). */
export const WORKER_ERROR_PREFIX = 'splitlens-worker-error: ';
