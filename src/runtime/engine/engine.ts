/**
 * The inference engine the model runner sees: load a model, run it, report the provider.
 * One adapter implements it with onnxruntime-node (`ort-engine.ts`), the only file importing it.
 */

export type ProviderName = 'cpu' | 'webgpu' | 'cuda' | 'dml' | 'coreml';

export const PROVIDER_NAMES: readonly ProviderName[] = ['cpu', 'webgpu', 'cuda', 'dml', 'coreml'];

export function isProviderName(s: string): s is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(s);
}

export interface TensorData {
  data: Float32Array;
  dims: number[];
}

export interface LoadOptions {
  /**
   * Providers to try in order; the first that initialises wins. Default: best for the platform.
   * A single provider is a forced choice: if it does not initialise, `load` rejects.
   */
  providers?: ProviderName[];
  /** Threads for one op; default tuned for the machine (see `ort-engine.ts`). */
  intraOpThreads?: number;
  /** Names the model in a load failure (`resnet50: cannot load model: …`). */
  name?: string;
  /**
   * Where ORT's optimised model of this file is kept (model-cache.ts): on CPU, loaded from there
   * with graph optimisation off when it exists, else saved there while the session is created.
   */
  optimizedPath?: string;
}

export interface EngineSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Declared input shapes (symbolic dims as strings), by input name. */
  readonly inputShapes: Readonly<Record<string, readonly (number | string)[]>>;
  /** The provider the session actually runs on. */
  readonly provider: ProviderName;
  /** Why better providers were skipped (one line each), empty when the first choice worked. */
  readonly fallbacks: readonly string[];
  run(feeds: Record<string, TensorData>, outputs?: readonly string[]): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

export interface InferenceEngine {
  /** `model` is a file path or the ONNX bytes. */
  load(model: string | Uint8Array, options?: LoadOptions): Promise<EngineSession>;
}
