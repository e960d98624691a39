/**
 * The onnxruntime-node adapter — the only file that imports it (enforced by lint). Tries execution
 * providers best-first and falls back with a recorded reason; on GPU-less machines WebGPU throws at
 * session creation ("no adapter") and CUDA fails to load its shared library, so the fallback path is real.
 */
import * as ort from 'onnxruntime-node';
import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { oneLine } from '../core/errors.js';
import type { EngineSession, InferenceEngine, LoadOptions, ProviderName, TensorData } from './engine.js';

const ORT_BIN_DIR = join(
  dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
  '..', 'bin', 'napi-v6', process.platform, process.arch,
);

/** Best-first providers for this platform. CUDA only counts when its opt-in binaries are installed. */
export function defaultProviders(platform: NodeJS.Platform = process.platform): ProviderName[] {
  // CUDA is listed even when its opt-in binaries are absent (`bundled: false`); trying it then only
  // costs a failed dlopen, so list it only when installed.
  const backends = new Set(
    ort.listSupportedBackends()
      .filter((b) => b.bundled || existsSync(join(ORT_BIN_DIR, `libonnxruntime_providers_${b.name}.so`)))
      .map((b) => b.name as string),
  );
  const order: ProviderName[] =
    platform === 'darwin' ? ['coreml', 'cpu'] : platform === 'win32' ? ['dml', 'webgpu', 'cpu'] : ['cuda', 'webgpu', 'cpu'];
  return order.filter((p) => p === 'cpu' || backends.has(p));
}

class OrtSession implements EngineSession {
  constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderName,
    readonly fallbacks: readonly string[],
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  get inputShapes(): Record<string, readonly (number | string)[]> {
    const shapes: Record<string, readonly (number | string)[]> = {};
    for (const m of this.session.inputMetadata) {
      if (m.isTensor) shapes[m.name] = m.shape.map((d) => (typeof d === 'number' ? d : String(d)));
    }
    return shapes;
  }

  async run(feeds: Record<string, TensorData>, outputs?: readonly string[]): Promise<Record<string, TensorData>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
    const result = outputs ? await this.session.run(ortFeeds, [...outputs]) : await this.session.run(ortFeeds);
    const out: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(result)) {
      out[name] = { data: t.data as Float32Array, dims: [...t.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

export class OrtEngine implements InferenceEngine {
  async load(model: string | Uint8Array, options: LoadOptions = {}): Promise<EngineSession> {
    const providers = options.providers ?? defaultProviders();
    const fallbacks: string[] = [];
    for (const provider of providers) {
      try {
        const sessionOptions: ort.InferenceSession.SessionOptions = {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3,
          intraOpNumThreads: options.intraOpThreads ?? Math.max(1, cpus().length),
        };
        const session =
          typeof model === 'string'
            ? await ort.InferenceSession.create(model, sessionOptions)
            : await ort.InferenceSession.create(model, sessionOptions);
        return new OrtSession(session, provider, fallbacks);
      } catch (e) {
        const reason = `${provider}: ${oneLine(e)}`;
        if (provider === 'cpu' || providers.indexOf(provider) === providers.length - 1) {
          throw new Error(fallbacks.length ? `${reason} (after ${fallbacks.join('; ')})` : reason, { cause: e });
        }
        fallbacks.push(reason);
      }
    }
    throw new Error('no execution provider to try');
  }
}
