/**
 * Runs loaded models on images, in whichever thread or process hosts it (the inference worker, or
 * in-process when isolation is off): one reused onnxruntime session per model, preprocessing per
 * checkpoint, softmax top-k, attention taps and class activation maps.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AttentionResponse, ModelPrediction, SaliencyMap } from '../../common/api-types.js';
import { UserError, oneLine } from '../../common/errors.js';
import type { EngineSession, InferenceEngine, ProviderName, TensorData } from './engine.js';
import { opened, type ModelMeta, type OpenedModel } from './model-meta.js';
import { targetPlan } from './model-sources.js';
import { optimizedModelName } from './ort-engine.js';
import { decodeRgb } from '../image/decode-image.js';
import type { RgbImage } from '../image/pil-resample.js';
import type { ResNetSpec } from '../../zoo/index.js';
import { IMAGENET_DEFAULT, cropWindow, normalize, resizeAndCrop, type PreprocessConfig } from '../image/preprocess.js';
import { softmax, topK } from '../readout/top-k.js';
import { labelsFor } from '../readout/labels.js';
import { attentionBlocks, perImage } from '../readout/attention-values.js';
import { camGrid, camOnImage, type CropWindow } from '../readout/cam.js';

/** A raw NCHW float32 tensor, fed as is (exact reproducibility, batches). */
export interface RawTensor {
  tensor: Float32Array;
  dims: number[];
}

/** A photo (path or encoded bytes) or a ready tensor. */
export type ImageSource = string | Uint8Array | RawTensor;

/** A model file (`optimizable`: a cache entry, where ORT's optimised model may be kept beside it) or its bytes. */
export type ModelSource = { path: string; optimizable?: boolean } | { bytes: Uint8Array };

/** A model named by the user, planned where the runner lives (zoo build, analysis, taps): no model bytes cross the boundary. */
export type ModelTarget =
  | { preset: string; seed?: number }
  | { file: string }
  | { bytes: Uint8Array; name: string; labels?: string[] }
  /** A PyTorch/safetensors checkpoint: spec inferred from its shapes, or the timm kwargs given. */
  | { checkpoint: string; timmSpec?: unknown }
  /** A spec built by the zoo with this weights file (or seeded random weights), e.g. the tiny stand-ins. */
  | { build: { spec: ResNetSpec; name: string; weights?: string; seed?: number } };

export interface RunnerLoadOptions {
  providers?: ProviderName[];
  intraOpThreads?: number;
  /** Run once on zeros at load so the first photo gets warm latency (default true). */
  warmup?: boolean;
}

export interface LoadInfo {
  provider: ProviderName;
  /** Why better providers were skipped, one line each. */
  fallbacks: string[];
  /** Session creation, ms. */
  loadMs: number;
  /** The first (cold) run on zeros, ms; absent without warm-up. */
  firstRunMs?: number;
  inputShape: (number | string)[];
  /** A model the zoo builds: `hit` when it was read from the disk cache (nothing built), else `built`. */
  cache?: 'hit' | 'built';
}

interface Loaded {
  session: EngineSession;
  /** Kept to reload on CPU if an accelerator fails at run time. */
  source: ModelSource;
  forced: boolean;
  threads?: number;
  meta: ModelMeta;
  cfg: PreprocessConfig;
  input: string;
  logits: string;
  info: LoadInfo;
}

/** What the engine loads for a model source: its path or its bytes. */
const engineInput = (source: ModelSource): string | Uint8Array => ('path' in source ? source.path : source.bytes);

/** Where ORT's optimised model of a cached model is kept (beside it). */
const optimizedPath = (source: ModelSource): { optimizedPath?: string } =>
  'path' in source && source.optimizable ? { optimizedPath: join(dirname(source.path), optimizedModelName()) } : {};

function isRawTensor(x: ImageSource): x is RawTensor {
  return typeof x === 'object' && !(x instanceof Uint8Array) && 'tensor' in x;
}

/** Largest input a model may ask for: ImageNet classifiers run at 224–600 px. */
export const MAX_INPUT_SIDE = 2048;
const MAX_INPUT_PIXELS = MAX_INPUT_SIDE * MAX_INPUT_SIDE;

export class ModelRunner {
  private readonly models = new Map<string, Loaded>();
  /** The last photo decoded, and its input tensor per preprocessing config (models share configs). */
  private decoded?: { key: string; img: RgbImage; inputs: Map<string, { feed: TensorData; window: CropWindow }> };

  constructor(private readonly engine: InferenceEngine) {}

  async load(id: string, source: ModelSource, meta: ModelMeta, options: RunnerLoadOptions = {}): Promise<LoadInfo> {
    await this.unload(id);
    const extra = [...(meta.taps ?? []).map((t) => t.tensor), ...(meta.cam ? [meta.cam.features] : [])];
    const t0 = performance.now();
    const session = await this.engine.load(engineInput(source), {
      providers: options.providers,
      intraOpThreads: options.intraOpThreads,
      name: meta.name,
      ...optimizedPath(source),
    });
    const loadMs = performance.now() - t0;
    const missing = extra.filter((t) => !session.outputNames.includes(t));
    if (missing.length) {
      await session.release();
      throw new Error(
        `${meta.name}: tensors ${missing.join(', ')} are not graph outputs (add the analyzer's taps as outputs before loading)`,
      );
    }
    const input = session.inputNames[0]!;
    const shape = [...(session.inputShapes[input] ?? [])];
    const cfg = meta.preprocess ?? {
      ...IMAGENET_DEFAULT,
      size: [typeof shape[2] === 'number' ? shape[2] : 224, typeof shape[3] === 'number' ? shape[3] : 224] as [
        number,
        number,
      ],
    };
    const [inH, inW] = cfg.size;
    if (inH * inW > MAX_INPUT_PIXELS) {
      // A crafted model can declare an input small enough to pass validation yet large enough to
      // tie up the worker for minutes: refuse it before the first run allocates it.
      await session.release();
      throw new UserError(
        `${meta.name}: input ${inH}x${inW} is larger than splitlens runs (at most ${MAX_INPUT_SIDE}x${MAX_INPUT_SIDE} pixels)`,
      );
    }
    const logits = meta.logits ?? session.outputNames.find((n) => !extra.includes(n)) ?? session.outputNames[0]!;
    const info: LoadInfo = { provider: session.provider, fallbacks: [...session.fallbacks], loadMs, inputShape: shape };
    const forced = options.providers?.length === 1;
    const loaded: Loaded = { session, source, forced, threads: options.intraOpThreads, meta, cfg, input, logits, info };
    if (options.warmup ?? true) {
      const [h, w] = cfg.size;
      const t1 = performance.now();
      await session.run({ [input]: { data: new Float32Array(3 * h * w), dims: [1, 3, h, w] } }, [logits]);
      info.firstRunMs = performance.now() - t1;
    }
    this.models.set(id, loaded);
    return info;
  }

  /**
   * Plan (`model-sources.ts`) and load a preset, a zoo build, a checkpoint or a file; `saliency` adds
   * the CAM features output. A built model read from the disk cache that ORT refuses is built again.
   */
  async open(
    id: string,
    target: ModelTarget,
    options: RunnerLoadOptions & { saliency?: boolean } = {},
  ): Promise<OpenedModel> {
    const opts = { saliency: options.saliency ?? true };
    let planned = await targetPlan(target, opts);
    let info: LoadInfo;
    try {
      info = await this.load(id, planned.plan.source, planned.plan.meta, options);
    } catch (e) {
      // A forced provider that cannot start is not the entry's fault.
      if (planned.cache !== 'hit' || /execution provider/.test(oneLine(e))) throw e;
      planned.evict();
      planned = await targetPlan(target, opts);
      info = await this.load(id, planned.plan.source, planned.plan.meta, options);
    }
    info.cache = planned.cache;
    return opened(planned.plan.meta, info);
  }

  async unload(id: string): Promise<void> {
    const m = this.models.get(id);
    this.models.delete(id);
    if (m) await m.session.release();
  }

  async dispose(): Promise<void> {
    for (const id of [...this.models.keys()]) await this.unload(id);
  }

  private model(id: string): Loaded {
    const m = this.models.get(id);
    if (!m) throw new UserError(`model ${id} is not loaded`);
    return m;
  }

  private async decode(image: string | Uint8Array): Promise<NonNullable<ModelRunner['decoded']>> {
    if (typeof image !== 'string') return { key: '', img: await decodeRgb(image), inputs: new Map() };
    let key = image;
    try {
      const st = statSync(image);
      key = `${image}\0${st.size}\0${st.mtimeMs}`;
    } catch {
      // decodeRgb reports the missing file.
    }
    if (this.decoded?.key === key) return this.decoded;
    this.decoded = { key, img: await decodeRgb(image), inputs: new Map() };
    return this.decoded;
  }

  /** The input tensor for this model, and where it lies on the photo. */
  private async input(m: Loaded, image: ImageSource): Promise<{ feed: TensorData; window?: CropWindow }> {
    if (isRawTensor(image)) {
      const n = image.dims.reduce((a, b) => a * b, 1);
      if (image.dims.length !== 4 || image.dims[1] !== 3 || n !== image.tensor.length) {
        throw new UserError(
          `tensor of ${image.tensor.length} values does not match shape [${image.dims.join(', ')}] (expected N,3,H,W)`,
        );
      }
      return { feed: { data: image.tensor, dims: [...image.dims] } };
    }
    const { img, inputs } = await this.decode(image);
    const cfgKey = JSON.stringify(m.cfg);
    let prepared = inputs.get(cfgKey);
    if (!prepared) {
      const [h, w] = m.cfg.size;
      prepared = {
        feed: { data: normalize(resizeAndCrop(img, m.cfg), m.cfg), dims: [1, 3, h, w] },
        window: cropWindow(img.width, img.height, m.cfg),
      };
      inputs.set(cfgKey, prepared);
    }
    return prepared;
  }

  private async run(
    m: Loaded,
    feed: TensorData,
    outputs: string[],
  ): Promise<{ out: Record<string, TensorData>; ms: number }> {
    const t0 = performance.now();
    try {
      const out = await m.session.run({ [m.input]: feed }, outputs);
      return { out, ms: performance.now() - t0 };
    } catch (e) {
      // An accelerator that started but cannot run this graph: fall back to CPU once (unless forced).
      if (m.forced || m.session.provider === 'cpu' || !(e instanceof Error) || e instanceof UserError) throw e;
      const failed = m.session.provider;
      await m.session.release();
      m.session = await this.engine.load(engineInput(m.source), {
        providers: ['cpu'],
        intraOpThreads: m.threads,
        ...optimizedPath(m.source),
      });
      m.info.provider = 'cpu';
      m.info.fallbacks.push(`${failed}: run failed (${oneLine(e)})`);
      return this.run(m, feed, outputs);
    }
  }

  private labels(m: Loaded, classes: number): string[] {
    return m.meta.labels && m.meta.labels.length === classes ? m.meta.labels : labelsFor(classes);
  }

  /** Top-k of the first image in the batch. */
  async predict(
    id: string,
    image: ImageSource,
    top = 5,
    withLogits = false,
  ): Promise<ModelPrediction & { logits?: number[][] }> {
    const m = this.model(id);
    const { feed } = await this.input(m, image);
    const { out, ms } = await this.run(m, feed, [m.logits]);
    const logits = out[m.logits]!;
    const batch = feed.dims[0]!;
    const classes = logits.data.length / batch;
    const probs = softmax(logits.data.subarray(0, classes));
    return {
      model: m.meta.name,
      weights: m.meta.weights,
      provider: m.info.provider,
      ...(m.info.fallbacks.length ? { fallback: m.info.fallbacks.join('; ') } : {}),
      latencyMs: ms,
      ...(m.info.firstRunMs !== undefined ? { firstRunMs: m.info.firstRunMs } : {}),
      top: topK(probs, top, this.labels(m, classes)),
      ...(withLogits ? { logits: perImage(logits.data, batch) } : {}),
    };
  }

  async attention(
    id: string,
    image: ImageSource,
    withLogits = false,
  ): Promise<AttentionResponse & { logits?: number[][] }> {
    const m = this.model(id);
    const taps = m.meta.taps ?? [];
    const { feed } = await this.input(m, image);
    const { out } = await this.run(m, feed, [m.logits, ...taps.map((t) => t.tensor)]);
    const batch = feed.dims[0]!;
    return {
      model: m.meta.name,
      blocks: attentionBlocks(taps, out, batch),
      ...(withLogits ? { logits: perImage(out[m.logits]!.data, batch) } : {}),
    };
  }

  /** CAM of the predicted class (or `classIndex`) for the first image. */
  async saliency(id: string, image: ImageSource, classIndex?: number): Promise<SaliencyMap> {
    const m = this.model(id);
    const cam = m.meta.cam;
    if (!cam) throw new UserError(`${m.meta.name}: no classifier head found for a class activation map`);
    const { feed, window } = await this.input(m, image);
    const { out } = await this.run(m, feed, [m.logits, cam.features]);
    const logits = out[m.logits]!;
    const classes = logits.data.length / feed.dims[0]!;
    if (classIndex !== undefined && classIndex >= classes)
      throw new UserError(`${m.meta.name}: class ${classIndex} is out of range (the model has ${classes} classes)`);
    let k = classIndex ?? 0;
    if (classIndex === undefined) for (let i = 1; i < classes; i++) if (logits.data[i]! > logits.data[k]!) k = i;
    const grid = camGrid(out[cam.features]!, cam, k);
    const [, , h, w] = feed.dims as [number, number, number, number];
    const win = window ?? { width: w, height: h, left: 0, top: 0, cropWidth: w, cropHeight: h };
    const map = camOnImage(grid, win);
    return { model: m.meta.name, classIndex: k, label: this.labels(m, classes)[k] ?? `class ${k}`, ...map };
  }

  info(id: string): LoadInfo {
    return this.model(id).info;
  }
}
