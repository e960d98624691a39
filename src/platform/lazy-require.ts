/**
 * A dependency loaded on first use instead of at startup. Every static import of the CLI bundle and
 * of the inference worker loads before any of their code runs; zod, onnx-proto, resvg, dagre and
 * cli-progress took ~250 ms of that on the 2-core machine, in two processes starting at once, on
 * the way to the first model on screen.
 */
import { createRequire } from 'node:module';

/** `load()` requires `name` (its CommonJS build) the first time it is called, then returns the same module. */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= createRequire(import.meta.url)(name) as T);
}
