/**
 * Test support: the in-process Api over the fixtures' tiny timm models (the five headline
 * architectures at 64 px), inference in a worker thread, with every progress event it emits kept
 * in order. Made when the describe block is collected (the worker starts on the first request) and
 * disposed after its tests.
 */
import { afterAll } from 'vitest';
import { createApi, type ApiHandle } from '../create-api.js';
import { tinyZoo } from '../model-registry.js';
import type { ProgressEvent } from '../contract.js';
import { FIXTURES } from '../../testing/fixtures.js';

export interface TinyApi {
  api: ApiHandle;
  /** Every progress event so far, oldest first. */
  events: ProgressEvent[];
}

/** Call inside a `describe`: the Api lives for that block's tests. */
export function tinyApi(): TinyApi {
  const events: ProgressEvent[] = [];
  const api = createApi({
    host: 'cli',
    zoo: tinyZoo(`${FIXTURES}tiny`),
    onProgress: (e) => events.push(e),
    inference: { isolate: 'thread' },
  });
  afterAll(() => api.dispose());
  return { api, events };
}
