/**
 * What a hostile file does to the Api the UI uses: `openModel` then `predict` (inference in the
 * forked worker), or `openImage` then `predict`, each step with a timeout. Refusals must be
 * rejected promises with one line; failures inside inference come back as a one-line `error` on
 * the model's result (a dead worker included: it is replaced, the app goes on).
 */
import type { Api } from '../../api/contract.js';
import { classifyError, isOneLine, type Outcome } from './outcome.js';

export type ApiStage = 'open' | 'run';

export interface ApiOutcome extends Outcome {
  /** Where it ended: refused when opened, or at inference. */
  stage?: ApiStage;
  /** The worker died under it (and was replaced). */
  workerCrashed?: boolean;
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`${what}: no answer within ${ms} ms`), { name: 'Hang' })),
      ms,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function failed(e: unknown, stage: ApiStage): ApiOutcome {
  if (e instanceof Error && e.name === 'Hang') return { kind: 'hang', stage, detail: e.message };
  return { ...classifyError(e), stage };
}

/** The result of one model on one image: ok, or a one-line error (which counts as clean). */
async function predictOutcome(api: Api, imageId: string, modelId: string, timeoutMs: number): Promise<ApiOutcome> {
  let res;
  try {
    res = await withTimeout(api.predict({ imageId, modelIds: [modelId], top: 3 }), timeoutMs, 'predict');
  } catch (e) {
    return failed(e, 'run');
  }
  const r = res.results[0];
  if (!r) return { kind: 'crash', stage: 'run', detail: 'predict returned no result' };
  if (r.error === undefined)
    return r.top.length ? { kind: 'ok', stage: 'run' } : { kind: 'crash', stage: 'run', detail: 'no classes' };
  return {
    kind: isOneLine(r.error) ? 'clean' : 'crash',
    stage: 'run',
    detail: r.error,
    workerCrashed: /inference worker crashed/.test(r.error),
  };
}

export async function modelFileOutcome(
  api: Api,
  file: string,
  imageId: string,
  timeoutMs: number,
): Promise<ApiOutcome> {
  let modelId: string;
  try {
    modelId = (await withTimeout(api.openModel({ kind: 'path', path: file }), timeoutMs, 'openModel')).id;
  } catch (e) {
    return failed(e, 'open');
  }
  return predictOutcome(api, imageId, modelId, timeoutMs);
}

export async function imageFileOutcome(
  api: Api,
  file: string,
  modelId: string,
  timeoutMs: number,
): Promise<ApiOutcome> {
  let imageId: string;
  try {
    imageId = (await withTimeout(api.openImage({ kind: 'path', path: file }), timeoutMs, 'openImage')).id;
  } catch (e) {
    return failed(e, 'open');
  }
  return predictOutcome(api, imageId, modelId, timeoutMs);
}
