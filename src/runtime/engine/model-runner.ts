/**
 * Runs loaded models on images, in whichever thread or process hosts it (the inference worker, or
 * in-process when isolation is off): one reused onnxruntime session per model. One inference per
 * (photo, model) yields the logits, every attention tap and the CAM features together; the result
 * is kept in a byte-bounded cache keyed by the photo's content and the model's load (its weights),
 * and predictions, attention and the saliency of any class are read from it. Photos arrive once
 * (`putPhoto`, named by their sha256) and are decoded and preprocessed once per preprocessing
 * config. Several photos through one model run as one batched inference (`results`).
 */
import type { AttentionBlock, PhotoResult, SaliencyMap } from '../../common/photo-run.js';
import { UserError, oneLine } from '../../common/errors.js';
import type { EngineSession, InferenceEngine, ProviderName, TensorData } from './engine.js';
import { opened, type ModelMeta, type OpenedModel } from './model-meta.js';
import { targetPlan } from './model-sources.js';
import { optimizedPath } from './model-cache.js';
import type { ResNetSpec } from '../../zoo/index.js';
import { IMAGENET_DEFAULT, type PreprocessConfig } from '../image/preprocess.js';
import { softmax, topK } from '../readout/top-k.js';
import { labelsFor } from '../readout/labels.js';
import { camOfFeatures } from '../readout/cam.js';
import { ByteLru } from './byte-lru.js';
import { PhotoInputs, type InputMaker, type PhotoId } from './photo-inputs.js';
import {
  DEFAULT_CACHE_LIMITS,
  MAX_BATCH,
  rawUnits,
  runBytes,
  splitRuns,
  type CacheLimits,
  type CacheStats,
  type CachedRun,
  type Unit,
} from './result-cache.js';

export {
  DEFAULT_CACHE_LIMITS,
  MAX_BATCH,
  PhotoMissingError,
  photoHash,
  type CacheLimits,
  type CacheStats,
} from './result-cache.js';

/** A raw NCHW float32 tensor, fed as is (exact reproducibility, batches). */
export interface RawTensor {
  tensor: Float32Array;
  dims: number[];
}

export type { PhotoId };

/** A photo (path, encoded bytes, or one the runner holds) or a ready tensor (each image of its batch is one photo). */
export type ImageSource = string | Uint8Array | RawTensor | PhotoId;

/** A model file (`optimizable`: a cache entry, where ORT's optimised model may be kept beside it) or its bytes. */
export type ModelSource = { path: string; optimizable?: boolean } | { bytes: Uint8Array };

/** A model named by the user, planned where the runner lives (zoo build, analysis, taps): no model bytes cross the boundary. */
export type ModelTarget =
  | { preset: string; seed?: number }
  | { file: string }
  /** In-memory ONNX bytes; `weights` says how they were made (default pretrained, as a user's file). */
  | { bytes: Uint8Array; name: string; labels?: string[]; weights?: 'pretrained' | 'untrained' }
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
  cache?: 'hit' | 'built'; // a zoo build: `hit` read from the disk cache (nothing built), else `built`
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
  /** Names this load (these weights) in result-cache keys. */
  serial: number;
  /** Largest batch the input takes (a fixed batch axis: its size). */
  maxBatch: number;
}

/** What the engine loads for a model source: its path or its bytes. */
const engineInput = (source: ModelSource): string | Uint8Array => ('path' in source ? source.path : source.bytes);

function isRawTensor(x: ImageSource): x is RawTensor {
  return typeof x === 'object' && !(x instanceof Uint8Array) && 'tensor' in x;
}

/**
 * A result's key in the cache: the model's load (its serial: a reload computes results again) and
 * the photo's content key. Unloading drops every key with the load's prefix.
 */
const resultPrefix = (m: Loaded): string => `${m.serial}\0`;
const resultKey = (m: Loaded, photoKey: string): string => resultPrefix(m) + photoKey;

/** Largest input a model may ask for: ImageNet classifiers run at 224–600 px. */
export const MAX_INPUT_SIDE = 2048;
const MAX_INPUT_PIXELS = MAX_INPUT_SIDE * MAX_INPUT_SIDE;

export class ModelRunner {
  private readonly models = new Map<string, Loaded>();
  private readonly photos: PhotoInputs;
  private readonly results: ByteLru<string, CachedRun>;
  private serials = 0;
  private inferences = 0;
  private photosRun = 0;

  /** Whether a request for this model waits in the host's queue (set by the worker host). */
  waiting?: (id: string) => boolean;

  private async photoWaits(id: string): Promise<boolean> {
    if (!this.waiting) return false;
    await new Promise((resolve) => setImmediate(resolve));
    return this.waiting(id);
  }

  /** `helper`: where a new photo's inputs for further preprocessing configs are made (`prepareFor`). */
  constructor(
    private readonly engine: InferenceEngine,
    limits: CacheLimits = {},
    helper?: InputMaker,
  ) {
    const l = { ...DEFAULT_CACHE_LIMITS, ...limits };
    this.photos = new PhotoInputs(l, helper);
    this.results = new ByteLru(l.resultBytes);
  }

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
    const batchDim = shape[0];
    const maxBatch = typeof batchDim === 'number' && batchDim > 0 ? Math.min(batchDim, MAX_BATCH) : MAX_BATCH;
    const serial = ++this.serials;
    const loaded: Loaded = {
      ...{ session, source, forced, threads: options.intraOpThreads, meta, cfg, input, logits, info },
      serial,
      maxBatch,
    };
    // No warm-up when a photo already waits for this model (its run warms it): at a cold start the
    // first prediction would wait for one more inference. Requests that came during the session's
    // creation are queued once the event loop has turned.
    if ((options.warmup ?? true) && !(await this.photoWaits(id))) {
      const [h, w] = cfg.size;
      const t1 = performance.now();
      await session.run({ [input]: { data: new Float32Array(3 * h * w), dims: [1, 3, h, w] } }, [logits]);
      info.firstRunMs = performance.now() - t1;
    }
    this.models.set(id, loaded);
    return info;
  }

  /** Plan (`model-sources.ts`) and load a model (`saliency`: with the CAM features); a cached build ORT refuses is rebuilt. */
  async open(
    id: string,
    target: ModelTarget,
    options: RunnerLoadOptions & { saliency?: boolean } = {},
  ): Promise<OpenedModel> {
    const opts = { saliency: options.saliency ?? true };
    let planned = await targetPlan(target, opts);
    const info = await this.load(id, planned.plan.source, planned.plan.meta, options).catch(async (e: unknown) => {
      // A forced provider that cannot start is not the entry's fault.
      if (planned.cache !== 'hit' || /execution provider/.test(oneLine(e))) throw e;
      planned.evict();
      planned = await targetPlan(target, opts);
      return this.load(id, planned.plan.source, planned.plan.meta, options);
    });
    info.cache = planned.cache;
    return opened(planned.plan.meta, info);
  }

  async unload(id: string): Promise<void> {
    const m = this.models.get(id);
    this.models.delete(id);
    if (!m) return;
    // Its results were computed with these weights: a reload (new weights) computes them again.
    const prefix = resultPrefix(m);
    this.results.deleteWhere((k) => k.startsWith(prefix));
    await m.session.release();
  }

  async dispose(): Promise<void> {
    for (const id of [...this.models.keys()]) await this.unload(id);
  }

  private model(id: string): Loaded {
    const m = this.models.get(id);
    if (!m) throw new UserError(`model ${id} is not loaded`);
    return m;
  }

  /** Keep a photo's bytes, named by the sha256 of its content; calls then name it `{ photoId }`. */
  putPhoto(photoId: string, bytes: Uint8Array): void {
    this.photos.put(photoId, bytes);
  }

  hasPhoto(photoId: string): boolean {
    return this.photos.has(photoId);
  }

  cacheStats(): CacheStats {
    return {
      inferences: this.inferences,
      photosRun: this.photosRun,
      resultHits: this.results.hits,
      resultMisses: this.results.misses,
      resultBytes: this.results.bytes,
      resultBound: this.results.maxBytes,
      ...this.photos.usage(),
    };
  }

  /**
   * Whether model `id` has a result for every one of these photos already: a request for them
   * only reads the cache (no inference), so the worker host answers it before queued runs.
   */
  answersFromCache(id: string, images: readonly ImageSource[]): boolean {
    const m = this.models.get(id);
    if (!m || !images.length) return false;
    return images.every((image) => !isRawTensor(image) && this.results.has(resultKey(m, this.photos.key(image))));
  }

  /**
   * Decode a photo and preprocess it for these models that have not run on it, ahead of their runs
   * (the Api asks as a photo arrives, while it makes the preview): the first model's input here,
   * the other preprocessing configs' on the helper thread, if there is one, while the runs block
   * this one. Without a helper only the first: the worker runs one request at a time, so the others'
   * inputs made here would only delay the first model's run. Models not loaded are skipped; a
   * photo that cannot be decoded is left for the run to report.
   */
  async prepareFor(ids: readonly string[], image: ImageSource): Promise<void> {
    if (isRawTensor(image)) return;
    const key = this.photos.key(image);
    const cfgs = new Map<string, PreprocessConfig>();
    for (const id of ids) {
      const m = this.models.get(id);
      if (m && !this.results.has(resultKey(m, key))) cfgs.set(JSON.stringify(m.cfg), m.cfg);
    }
    await this.photos.prepare(image, key, [...cfgs.values()]).catch(() => undefined);
  }

  /**
   * Every photo through model `id`, one result per photo (a raw tensor counts one per batch image),
   * in order. Cached results are returned as they are; the others run together, in batches of up
   * to MAX_BATCH photos per inference, and are cached. This is the batched run the Api's
   * predictions over many photos and statistics runs use.
   */
  private async runAll(id: string, images: readonly ImageSource[]): Promise<{ run: CachedRun; cached: boolean }[]> {
    const m = this.model(id);
    const out: { run: CachedRun; cached: boolean }[] = [];
    const todo: { slot: number; key?: string; unit: Unit }[] = [];
    const sameRequest = new Map<string, number>();
    const repeats: { slot: number; of: number }[] = [];
    for (const image of images) {
      if (isRawTensor(image)) {
        for (const unit of rawUnits(image)) todo.push({ slot: out.push(undefined!) - 1, unit });
        continue;
      }
      const photo = this.photos.key(image);
      const key = resultKey(m, photo);
      const hit = this.results.get(key);
      if (hit) {
        out.push({ run: hit, cached: true });
        continue;
      }
      const slot = out.push(undefined!) - 1;
      const first = sameRequest.get(key);
      if (first !== undefined) {
        repeats.push({ slot, of: first });
        continue;
      }
      sameRequest.set(key, slot);
      todo.push({ slot, key, unit: await this.photos.input(image, photo, m.cfg) });
    }
    for (let i = 0; i < todo.length;) {
      // One batch: consecutive photos of one input size, up to the model's largest batch.
      let j = i + 1;
      while (
        j < todo.length &&
        j - i < m.maxBatch &&
        todo[j]!.unit.h === todo[i]!.unit.h &&
        todo[j]!.unit.w === todo[i]!.unit.w
      )
        j++;
      const chunk = todo.slice(i, j);
      const runs = await this.runBatch(
        m,
        chunk.map((t) => t.unit),
      );
      chunk.forEach((t, k) => {
        const run = runs[k]!;
        out[t.slot] = { run, cached: false };
        if (t.key) this.results.set(t.key, run, runBytes(run));
      });
      i = j;
    }
    for (const r of repeats) out[r.slot] = out[r.of]!;
    return out;
  }

  /** One inference over `units` (same size): logits, every tap and the CAM features, split per photo. */
  private async runBatch(m: Loaded, units: readonly Unit[]): Promise<CachedRun[]> {
    const b = units.length;
    const { h, w } = units[0]!;
    const per = 3 * h * w;
    const data = b === 1 ? units[0]!.data : new Float32Array(b * per);
    if (b > 1) units.forEach((u, i) => data.set(u.data, i * per));
    const taps = m.meta.taps ?? [];
    const cam = m.meta.cam;
    const names = [m.logits, ...taps.map((t) => t.tensor), ...(cam ? [cam.features] : [])];
    let result: { out: Record<string, TensorData>; ms: number };
    try {
      result = await this.run(m, { data, dims: [b, 3, h, w] }, names);
    } catch (e) {
      // A graph that only takes batch 1 (a fixed reshape in a foreign export): run one by one from now on.
      if (b === 1 || e instanceof UserError) throw e;
      m.maxBatch = 1;
      const one: CachedRun[] = [];
      for (const u of units) one.push(...(await this.runBatch(m, [u])));
      return one;
    }
    const { out, ms } = result;
    this.inferences++;
    this.photosRun += b;
    return splitRuns(out, { logits: m.logits, taps, features: cam?.features }, units, ms);
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
      const cpu = { providers: ['cpu' as const], intraOpThreads: m.threads, ...optimizedPath(m.source) };
      m.session = await this.engine.load(engineInput(m.source), cpu);
      m.info.provider = 'cpu';
      m.info.fallbacks.push(`${failed}: run failed (${oneLine(e)})`);
      return this.run(m, feed, outputs);
    }
  }

  private labels(m: Loaded, classes: number): string[] {
    return m.meta.labels && m.meta.labels.length === classes ? m.meta.labels : labelsFor(classes);
  }

  /**
   * One result per photo (a raw tensor: per batch image) through model `id`: top-k, and the logits
   * and every block's attention when asked. Uncached photos run batched; the rest read the cache.
   */
  async photoResults(
    id: string,
    images: readonly ImageSource[],
    opts: { top?: number; logits?: boolean; attention?: boolean; saliency?: boolean } = {},
  ): Promise<PhotoResult[]> {
    const m = this.model(id);
    const runs = await this.runAll(id, images);
    return runs.map(({ run, cached }) => {
      const classes = run.logits.length;
      return {
        model: m.meta.name,
        weights: m.meta.weights,
        provider: m.info.provider,
        ...(m.info.fallbacks.length ? { fallback: m.info.fallbacks.join('; ') } : {}),
        latencyMs: run.ms,
        ...(m.info.firstRunMs !== undefined ? { firstRunMs: m.info.firstRunMs } : {}),
        batch: run.batch,
        cached,
        top: topK(softmax(run.logits), opts.top ?? 5, this.labels(m, classes)),
        ...(opts.logits ? { logits: run.logits.slice() } : {}),
        ...(opts.attention ? { attention: this.blocks(m, run) } : {}),
        ...(opts.saliency && m.meta.cam && run.features ? { saliency: this.camMap(m, run) } : {}),
      };
    });
  }

  private blocks(m: Loaded, run: CachedRun): AttentionBlock[] {
    return (m.meta.taps ?? []).map((tap, i) => ({
      name: tap.block,
      kind: tap.kind,
      dims: [...tap.dims],
      shape: [...tap.shape],
      values: run.taps[i]!.slice(),
    }));
  }

  /**
   * The class activation map of `classIndex` (default: the top class) for the first photo, at the
   * feature map's resolution with the crop that maps it onto the photo. From the cached features:
   * another class costs no inference.
   */
  async saliency(id: string, image: ImageSource, classIndex?: number): Promise<SaliencyMap> {
    const m = this.model(id);
    const cam = m.meta.cam;
    if (!cam) throw new UserError(`${m.meta.name}: no classifier head found for a class activation map`);
    const { run } = (await this.runAll(id, [image]))[0]!;
    const classes = run.logits.length;
    if (classIndex !== undefined && !(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < classes))
      throw new UserError(
        `${m.meta.name}: class ${classIndex} is not one of its ${classes} classes (0–${classes - 1})`,
      );
    return this.camMap(m, run, classIndex);
  }

  /** The CAM of class `classIndex` (default: the top class) from a run's cached features. */
  private camMap(m: Loaded, run: CachedRun, classIndex?: number): SaliencyMap {
    const classes = run.logits.length;
    let k = classIndex ?? 0;
    if (classIndex === undefined) for (let i = 1; i < classes; i++) if (run.logits[i]! > run.logits[k]!) k = i;
    const grid = camOfFeatures(run.features!, run.featureDims!, m.meta.cam!, k);
    return {
      model: m.meta.name,
      classIndex: k,
      label: this.labels(m, classes)[k] ?? `class ${k}`,
      grid: { width: grid.w, height: grid.h, values: grid.data },
      crop: { ...run.window },
    };
  }

  info(id: string): LoadInfo {
    return this.model(id).info;
  }
}
