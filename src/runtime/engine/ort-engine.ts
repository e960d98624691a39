/**
 * The onnxruntime-node adapter — the only file that imports it (enforced by lint). Tries execution
 * providers best-first and falls back with a recorded reason; on GPU-less machines WebGPU throws at
 * session creation ("no adapter") and CUDA fails to load its shared library, so the fallback path is real.
 */
import type * as Ort from 'onnxruntime-node';
import { availableParallelism, cpus } from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { UserError, oneLine } from '../../common/errors.js';
import { lazyRequire } from '../../platform/lazy-require.js';
import {
  isProviderName,
  type EngineSession,
  type InferenceEngine,
  type LoadOptions,
  type ProviderName,
  type TensorData,
} from './engine.js';

/**
 * onnxruntime-node, loaded on first use: loading its native library takes ~40 ms, which the serve
 * process (it only lists providers, and only on machines with a GPU) paid on the way to its first
 * answer. The inference worker loads it when it starts (`new OrtEngine()`), before any model.
 */
const ort = lazyRequire<typeof Ort>('onnxruntime-node');

const ORT_BIN_DIR = join(
  dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
  '..',
  'bin',
  'napi-v6',
  process.platform,
  process.arch,
);

/** Opt-in provider libraries (CUDA): present only after `script/install --onnxruntime-node-install=cuda12`. */
function providerLibraryInstalled(name: string): boolean {
  const file =
    process.platform === 'win32' ? `onnxruntime_providers_${name}.dll` : `libonnxruntime_providers_${name}.so`;
  return existsSync(join(ORT_BIN_DIR, file));
}

/** Providers this build of onnxruntime-node can try on this machine (not necessarily initialise). */
export function installedProviders(): Set<ProviderName> {
  const names = ort()
    .listSupportedBackends()
    .filter((b) => b.bundled || providerLibraryInstalled(b.name))
    .map((b) => b.name as string);
  return new Set(names.filter(isProviderName));
}

/**
 * Linux: whether the machine shows any GPU device node (DRM render nodes, NVIDIA's, WSL's). Without
 * one, WebGPU finds no adapter and CUDA no device; trying them first cost every serve start about
 * half a second (Dawn probing Vulkan) and slowed the CPU session created after it.
 */
export function linuxGpuVisible(exists: (path: string) => boolean = existsSync): boolean {
  return ['/dev/dri', '/dev/nvidia0', '/dev/nvidiactl', '/dev/dxg', '/dev/kfd'].some((p) => exists(p));
}

/**
 * Best-first providers for this platform. CUDA only counts when its opt-in binaries are installed;
 * on Linux, GPU providers only when a GPU device is visible (`--ep` still forces one).
 */
export function defaultProviders(platform: NodeJS.Platform = process.platform): ProviderName[] {
  if (platform === 'linux' && !linuxGpuVisible()) return ['cpu'];
  const installed = installedProviders();
  const order: ProviderName[] =
    platform === 'darwin'
      ? ['coreml', 'cpu']
      : platform === 'win32'
        ? ['cuda', 'dml', 'webgpu', 'cpu']
        : ['cuda', 'webgpu', 'cpu'];
  return order.filter((p) => p === 'cpu' || installed.has(p));
}

/**
 * Default intra-op threads. Measured on the 2-core dev machine (batch 1, 224², warm median):
 * resnet50 83 → 52 ms and resnest50d 147 → 86 ms going from 1 to 2 threads, so use every core,
 * up to 8 (beyond that ORT's scaling on these convs flattens and the UI loses its share).
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** ORT's messages carry source paths and assertion text; keep the part a person can act on. */
export function providerFailure(provider: ProviderName, e: unknown): string {
  let msg = oneLine(e);
  const tail = /was false\.\s*(.+)$/.exec(msg);
  if (tail) msg = tail[1]!;
  msg = msg.replace(/^\S*onnxruntime_src\S*\s*/, '').replace(/^OrtSessionOptionsAppendExecutionProvider_\w+:\s*/, '');
  if (provider === 'cuda' && /shared library/i.test(msg))
    msg += " (CUDA 12 + cuDNN 9 and ORT's CUDA binaries are needed)";
  return `${provider}: ${msg}`;
}

/**
 * The file name of ORT's optimised model beside a cached model: an optimised graph holds kernels
 * laid out for this ORT version and this processor (NCHWc blocks, fused ops), so both name it.
 */
export function optimizedModelName(): string {
  const cpu = createHash('sha256')
    .update(`${process.arch}|${cpus()[0]?.model ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return `model.ort-${ort().env.versions.common}-${process.arch}-${cpu}.cpu.onnx`;
}

/**
 * Creates a CPU session from ORT's optimised model kept at `optimized` (graph optimisation off), or
 * from `model` while ORT saves the optimised one there. The optimised graph keeps its weights in a
 * file beside it (`<name>.data`), which ORT maps into memory instead of parsing them out of the
 * protobuf: measured for resnet50 (2 cores), 135 ms to create the session against 1,030 ms with the
 * weights inside the file (1,300 ms with full optimisation), and the same warm runs. ORT writes
 * both into a folder of their own, moved into place when whole (weights first: the graph's presence
 * says both are there), so a reader never sees half of them. An optimised model ORT refuses
 * (damaged, its weights truncated) or one without its weights file (missing, or the older
 * one-file layout) is removed and made again.
 */
async function createCpuSession(
  model: string,
  optimized: string,
  options: Ort.InferenceSession.SessionOptions,
): Promise<Ort.InferenceSession> {
  const weights = `${optimized}.data`;
  // Both files, or it is an older one-file layout (slow to load): made again.
  if (existsSync(optimized) && existsSync(weights)) {
    try {
      return await ort().InferenceSession.create(optimized, { ...options, graphOptimizationLevel: 'disabled' });
    } catch {
      // made again below
    }
  }
  let tmp: string;
  try {
    rmSync(optimized, { force: true });
    rmSync(weights, { force: true });
    tmp = mkdtempSync(join(dirname(optimized), '.ort-'));
  } catch {
    // Held by another process (Windows keeps a mapped file), or a folder we cannot write: run
    // without saving this time.
    return ort().InferenceSession.create(model, options);
  }
  const name = basename(optimized);
  try {
    const session = await ort().InferenceSession.create(model, {
      ...options,
      optimizedModelFilePath: join(tmp, name),
      extra: {
        ...options.extra,
        session: {
          ...(options.extra as { session?: object } | undefined)?.session,
          optimized_model_external_initializers_file_name: basename(weights),
          optimized_model_external_initializers_min_size_in_bytes: '1024',
        },
      },
    });
    try {
      if (existsSync(join(tmp, name))) {
        // Empty when ORT kept every weight inside (all under 1 KiB): it still marks this layout.
        if (!existsSync(join(tmp, basename(weights)))) writeFileSync(join(tmp, basename(weights)), '');
        renameSync(join(tmp, basename(weights)), weights);
        renameSync(join(tmp, name), optimized);
      }
    } catch {
      // Not kept this time (another process holds the old files); the session runs all the same.
    }
    return session;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Providers that failed to initialise in this process: not retried (and Dawn not re-probed) per model. */
const failedProviders = new Map<ProviderName, string>();

class OrtSession implements EngineSession {
  readonly inputShapes: Record<string, readonly (number | string)[]> = {};

  constructor(
    private readonly session: Ort.InferenceSession,
    readonly provider: ProviderName,
    readonly fallbacks: readonly string[],
  ) {
    for (const m of session.inputMetadata) {
      if (m.isTensor) this.inputShapes[m.name] = m.shape.map((d) => (typeof d === 'number' ? d : String(d)));
    }
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, TensorData>, outputs?: readonly string[]): Promise<Record<string, TensorData>> {
    const ortFeeds: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new (ort().Tensor)('float32', t.data, t.dims);
    const result = outputs ? await this.session.run(ortFeeds, [...outputs]) : await this.session.run(ortFeeds);
    const out: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(result)) {
      if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
      out[name] = { data: t.data as Float32Array, dims: [...t.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

export class OrtEngine implements InferenceEngine {
  constructor() {
    ort(); // loaded now, not on the way to the first model
  }

  async load(model: string | Uint8Array, options: LoadOptions = {}): Promise<EngineSession> {
    const providers = options.providers?.length ? options.providers : defaultProviders();
    const forced = providers.length === 1;
    if (forced && providers[0] !== 'cpu' && !installedProviders().has(providers[0]!)) {
      const have = [...installedProviders()].join(', ');
      throw new UserError(
        `execution provider ${providers[0]} is not available on ${process.platform} (this build has: ${have})`,
      );
    }
    const fallbacks: string[] = [];
    for (const [i, provider] of providers.entries()) {
      const last = i === providers.length - 1;
      const known = failedProviders.get(provider);
      if (known && !last) {
        fallbacks.push(known);
        continue;
      }
      try {
        const sessionOptions: Ort.InferenceSession.SessionOptions = {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
          logSeverityLevel: 3,
          intraOpNumThreads: options.intraOpThreads ?? defaultThreads(),
          // Each session has its own intra-op pool; spinning pools of idle sessions steal the cores
          // the running one needs. Five headline models run back to back (2 cores, busy machine):
          // 2.6–4.6 s with spinning, 0.86–1.5 s without.
          extra: { session: { intra_op: { allow_spinning: '0' } } },
        };
        const session =
          typeof model !== 'string'
            ? await ort().InferenceSession.create(model, sessionOptions)
            : provider === 'cpu' && options.optimizedPath
              ? await createCpuSession(model, options.optimizedPath, sessionOptions)
              : await ort().InferenceSession.create(model, sessionOptions);
        return new OrtSession(session, provider, fallbacks);
      } catch (e) {
        const reason = providerFailure(provider, e);
        // A provider that cannot start fails the same way for every model: remember it.
        const providerProblem = provider !== 'cpu' && /backend not found|shared library|adapter|provider/i.test(reason);
        if (providerProblem) failedProviders.set(provider, reason);
        if (last) {
          const after = fallbacks.length ? ` (after ${fallbacks.join('; ')})` : '';
          if (forced && providerProblem)
            throw new UserError(`execution provider ${provider} failed to start: ${reason}`, { cause: e });
          // onnxruntime refusing the graph is the file's fault, not ours: a user error in every host
          // (exit 2 in the CLI, HTTP 400 in serve, a user error over IPC).
          const who = options.name ? `${options.name}: ` : '';
          throw new UserError(`${who}cannot load model: ${reason}${after}`, { cause: e });
        }
        fallbacks.push(reason);
      }
    }
    throw new Error('no execution provider to try');
  }
}
