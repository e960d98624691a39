/**
 * The Api implementation: composes the core services (model registry, images, inference,
 * diagrams, weights). Both adapters (Electron IPC, serve-mode HTTP) forward to the object made here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type {
  Api,
  AppInfo,
  ImageEntry,
  ModelEntry,
  ModelPrediction,
  PredictExtra,
  PredictResponse,
  ProgressEvent,
  WeightState,
} from './contract.js';
import { CancelledError, UserError, isUserError, oneLine } from '../common/errors.js';
import { VERSION } from '../common/version.js';
import { assetPath } from '../platform/paths.js';
import { defaultProviders } from '../runtime/engine/ort-engine.js';
import { InferenceService, type InferenceServiceOptions, type PhotoRef } from '../runtime/worker/inference-service.js';
import { blockOps } from '../analysis/index.js';
import { attentionSubtitle, layoutDiagram, renderSvg } from '../diagram/index.js';
import { checkpointFor, pullCheckpoint } from '../weights/index.js';
import { checkFileSource, loadFileSource } from './file-source.js';
import { OpWeights } from './op-weights.js';
import { ImageStore, type ImageStoreLimits } from './image-store.js';
import {
  ModelRegistry,
  headlineZoo,
  inspect,
  tinyZoo,
  type ModelRecord,
  type ModelRegistryOptions,
  type ZooModel,
} from './model-registry.js';
import { photoHash, type ModelTarget } from '../runtime/engine/model-runner.js';
import { inspection } from './checkpoint-inspection.js';
import { Tasks } from './tasks.js';
import { statsRuns } from './stats-runs.js';
import { playgroundMethods } from './playground-api.js';
import { hostRuns, type HostRuns } from './host-runs.js';
import type { OpenedModel } from '../runtime/engine/model-meta.js';

export interface ApiOptions {
  host: AppInfo['host'];
  /** Progress events for the UI (adapters push them over IPC or SSE). */
  onProgress?: (e: ProgressEvent) => void;
  /** The zoo models listed at start (default: the five headline presets, or `SPLITLENS_TINY_ZOO`). */
  zoo?: ZooModel[];
  inference?: InferenceServiceOptions;
  /** Hub endpoint for weight downloads (default HF_ENDPOINT or the Hub). */
  hubEndpoint?: string;
  /** Bounds on the photos kept (defaults: src/api/image-store.ts). */
  images?: ImageStoreLimits;
  /** Bounds on the opened files kept (defaults: src/api/model-registry.ts). */
  models?: Omit<ModelRegistryOptions, 'onForget'>;
  /**
   * Serve mode: start the inference worker now and load the listed models in the background, one
   * after another in list order (the UI's first column first), so the first prediction waits
   * neither for the worker's start nor for its model's load. A request that comes meanwhile is
   * queued behind the load under way only (the next load is sent when that one ends).
   */
  preload?: boolean;
  /**
   * Load models with the CAM head `saliency` reads (default true). A host that never asks for
   * saliency (the CLI) saves the model's re-serialisation with `false`.
   */
  saliency?: boolean;
}

/** The weights a prediction ran with: a model whose checkpoint is damaged runs untrained. */
const ranWith = (w: WeightState): WeightState => (w === 'damaged' ? 'untrained' : w === 'failed' ? 'in-file' : w);

/** The Api plus what an in-process host needs: its extras (`host-runs.ts`) and shutting it down. */
export interface ApiHandle extends Api, HostRuns {
  dispose(): Promise<void>;
}

const SAMPLE_PATTERN = /^sample-.+\.(png|jpe?g|webp)$/i;

function defaultZoo(): ZooModel[] {
  // Tests and demos swap the 25M-parameter models for the fixtures' tiny timm checkpoints.
  const tiny = process.env.SPLITLENS_TINY_ZOO;
  return tiny ? tinyZoo(tiny) : headlineZoo();
}

export function createApi(options: ApiOptions): ApiHandle {
  const emit = options.onProgress ?? (() => undefined);
  const inference = new InferenceService(options.inference);
  const loaded = new Map<string, Promise<OpenedModel>>();
  /** A file left the list (closed, or evicted to keep memory bounded): the worker lets it go too. */
  function forget(id: string): Promise<void> {
    loaded.delete(id);
    return inference.unload(id).catch(() => undefined);
  }
  const models = new ModelRegistry(options.zoo ?? defaultZoo(), {
    ...options.models,
    onForget: (id) => void forget(id),
  });
  const images = new ImageStore(options.images);
  const tasks = new Tasks(emit);
  let samples: Promise<ImageEntry[]> | undefined;

  /**
   * Load a model into the inference service once (again after its weights change). With `target`
   * known the load is sent to the worker now, so a request made right after queues behind it.
   */
  function ensureLoaded(record: ModelRecord, target?: ModelTarget): Promise<OpenedModel> {
    const id = record.entry.id;
    let p = loaded.get(id);
    if (!p) {
      const entry = record.entry;
      const open = async (t: ModelTarget): Promise<OpenedModel> => {
        const opened = await inference.open(id, t, { saliency: options.saliency ?? true });
        delete entry.loadError;
        // An opened file keeps saying its weights are in the file (the runtime calls them pretrained).
        if (entry.source === 'file') {
          entry.weights = 'in-file';
          delete entry.weightsProblem;
          return opened;
        }
        // A damaged checkpoint runs untrained: the entry keeps saying why until it is fetched again.
        if (entry.weights !== 'damaged' || opened.weights !== 'untrained') {
          entry.weights = opened.weights;
          delete entry.weightsProblem;
        }
        return opened;
      };
      p =
        entry.weights === 'analysis-only'
          ? Promise.reject(new UserError(entry.weightsProblem ?? `${entry.label}: no weights`))
          : target
            ? open(target)
            : record.target().then(open);
      p.catch((e: unknown) => {
        loaded.delete(id);
        if (e instanceof CancelledError || !isUserError(e)) return;
        // A model onnxruntime refuses (a user error, not a crash or a cancel) cannot run: it says
        // so in the list and is left out of default predictions; an opened file is 'failed'.
        if (entry.weights !== 'analysis-only') entry.loadError = oneLine(e);
        if (entry.source === 'file' && entry.weights === 'in-file') {
          entry.weights = 'failed';
          entry.weightsProblem = oneLine(e);
        }
      });
      loaded.set(id, p);
    }
    return p;
  }

  const weightsOfOps = new OpWeights();

  async function graphOf(modelId: string) {
    return models.get(modelId).graph();
  }

  async function diagramOf(req: { modelId: string; expand?: 'all' | 'none' | string[] }) {
    const { model, analysis } = await graphOf(req.modelId);
    return layoutDiagram(analysis, {
      modelId: req.modelId,
      expand: req.expand ?? 'none',
      opsOf: (block) => blockOps(model, analysis, block),
    });
  }

  /** One model over the photos (one batched inference for those it has not run), one prediction each. */
  async function predictModel(
    record: ModelRecord,
    photos: PhotoRef[],
    top: number,
    signal: AbortSignal,
    extras: readonly PredictExtra[] = [],
  ): Promise<ModelPrediction[]> {
    // The model's load and its run go to the worker together: each model's result arrives as soon
    // as that model is ready, not after every model's load.
    const load = ensureLoaded(record, await record.target());
    const model = record.entry.id;
    const attention = extras.includes('attention');
    const run = inference.results(model, photos, { top, signal, attention, saliency: extras.includes('saliency') });
    run.catch(() => undefined);
    await load;
    const results = await run;
    return results.map(({ batch: _b, cached: _c, attention: blocks, logits: _l, saliency, ...p }) => ({
      ...p,
      model,
      weights: ranWith(record.entry.weights),
      // The same answers `attention()` and `saliency()` give, named by the Api's model id.
      ...(attention ? { attention: { model, blocks: blocks ?? [] } } : {}),
      ...(saliency ? { saliency: { ...saliency, model } } : {}),
    }));
  }

  /** Every model over the photos, as each model finishes; a model that cannot run gives one line per photo. */
  async function predictPhotos(
    imageIds: string[],
    req: { modelIds?: string[]; top?: number; taskId?: string; with?: PredictExtra[] },
  ): Promise<PredictResponse[]> {
    const photos = imageIds.map((id) => images.ref(id));
    const names = imageIds.map((id) => images.get(id).name);
    // By default every model that can run: one onnxruntime refused is left out (named by id, it is tried).
    const ids =
      req.modelIds ??
      models
        .list()
        .filter((m) => !m.loadError && m.weights !== 'analysis-only')
        .map((m) => m.id);
    const records = ids.map((id) => models.get(id));
    const task = tasks.start('predict', req.taskId);
    const top = req.top ?? 5;
    let done = 0;
    task.progress(0, records.length);
    // Models run one after another in the worker; results come back as each finishes.
    const perModel = await Promise.all(
      records.map(async (record): Promise<ModelPrediction[]> => {
        try {
          const r = await predictModel(record, photos, top, task.signal, req.with);
          task.progress(++done, records.length, { model: record.entry.id });
          return r;
        } catch (e) {
          if (e instanceof CancelledError || task.signal.aborted) throw new CancelledError();
          // An opened file that cannot run (refused at load or at its first run) says so in the list.
          if (record.entry.source === 'file' && record.entry.weights === 'in-file') {
            record.entry.weights = 'failed';
            record.entry.weightsProblem = oneLine(e);
          }
          task.progress(++done, records.length, { model: record.entry.id, message: oneLine(e) });
          const failed: ModelPrediction = {
            model: record.entry.id,
            weights: ranWith(record.entry.weights),
            provider: '',
            latencyMs: 0,
            top: [],
            error: oneLine(e),
          };
          return photos.map(() => ({ ...failed }));
        }
      }),
    ).catch((e: unknown) => {
      task.end(e instanceof CancelledError ? 'cancelled' : 'error', { message: oneLine(e) });
      throw e;
    });
    task.end('done');
    return names.map((image, i) => ({ image, results: perModel.map((m) => m[i]!) }));
  }

  let disposed = false;
  /** The listed models that can run, loaded one by one (`preload`); a failure is left to their predictions. */
  async function preload(): Promise<void> {
    for (const entry of models.list()) {
      if (disposed) return;
      if (entry.weights === 'analysis-only' || entry.loadError) continue;
      const record = models.get(entry.id);
      await record
        .target()
        .then((t) => ensureLoaded(record, t))
        .catch(() => undefined);
    }
  }
  if (options.preload) void preload();

  const runs = statsRuns({ models, images, inference, tasks, ensureLoaded, ranWith });

  const api: ApiHandle = {
    ...runs,

    async info() {
      return {
        version: VERSION,
        versions: {
          node: process.versions.node,
          ...(process.versions.electron ? { electron: process.versions.electron } : {}),
        },
        providers: defaultProviders(),
        host: options.host,
      };
    },

    async listModels() {
      return models.list();
    },

    async openModel(src) {
      // A path is read by the analyzer and again in the worker, not here as well.
      const file = await checkFileSource(src);
      return models.addFile(file.name, file);
    },

    async inspectCheckpoint(src) {
      const file = await checkFileSource(src);
      return inspection(file.name, inspect(file.name, file));
    },

    async openCheckpoint(req) {
      const file = await checkFileSource(req.source);
      return models.addCheckpoint(file.name, file, req.timmSpec);
    },

    async closeModel(modelId) {
      // A pinned variant is closed by unpinning it: it leaves the list and stays in the playground.
      if (models.has(modelId) && models.get(modelId).entry.source === 'variant') return api.unpinVariant(modelId);
      models.close(modelId);
      weightsOfOps.reset();
    },

    async analyze(modelId) {
      return (await graphOf(modelId)).analysis;
    },

    async blockOps(modelId, block) {
      const { model, analysis } = await graphOf(modelId);
      return blockOps(model, analysis, block);
    },

    opWeights(modelId, op) {
      return weightsOfOps.of(models.get(modelId), op);
    },

    diagram: diagramOf,

    async exportSvg(req) {
      const diagram = await diagramOf(req);
      const entry = models.get(req.modelId).entry;
      const title = req.title ?? `${entry.label} — splitlens`;
      if (!req.imageId) return renderSvg(diagram, { theme: req.theme ?? 'light', title });
      const attention = await api.attention({ imageId: req.imageId, modelId: req.modelId });
      const subtitle = attentionSubtitle(images.get(req.imageId).name, entry.weights);
      return renderSvg(diagram, { theme: req.theme ?? 'light', title, attention, subtitle });
    },

    async sampleImages() {
      samples ??= (async () => {
        const files = readdirSync(assetPath())
          .filter((f) => SAMPLE_PATTERN.test(f))
          .sort();
        const out: ImageEntry[] = [];
        for (const f of files)
          out.push(await images.add(f.replace(/^sample-/, ''), readFileSync(assetPath(f)), { pinned: true }));
        return out;
      })();
      samples.catch(() => (samples = undefined));
      return samples;
    },

    async openImage(src) {
      const file = await loadFileSource(src, 64 * 1024 * 1024);
      // The worker gets the photo now and preprocesses it for its models while the preview is made
      // here: the predictions the UI asks for next start with their inputs ready.
      // (Not in the CLI: it opens a whole batch before running it, and would preprocess it twice.)
      const id = photoHash(file.bytes);
      if (options.host !== 'cli') inference.prefetch({ photoId: id, bytes: file.bytes });
      return images.add(file.name, file.bytes, { id });
    },

    async predict(req) {
      return (await predictPhotos([req.imageId], req))[0]!;
    },

    async predictMany(req) {
      return predictPhotos(req.imageIds, req);
    },

    async attention(req) {
      const record = models.get(req.modelId);
      const photo = images.ref(req.imageId);
      await ensureLoaded(record);
      const r = await inference.attention(record.entry.id, photo);
      return { model: record.entry.id, blocks: r.blocks };
    },

    async saliency(req) {
      const record = models.get(req.modelId);
      const photo = images.ref(req.imageId);
      await ensureLoaded(record);
      const classIndex = req.classIndex;
      const map = await inference.saliency(record.entry.id, photo, classIndex === undefined ? {} : { classIndex });
      return { ...map, model: record.entry.id };
    },

    async pullWeights(req) {
      const record = models.get(req.modelId);
      const entry: ModelEntry = record.entry;
      const checkpoint = entry.preset ? checkpointFor(entry.preset) : undefined;
      if (!checkpoint) throw new UserError(`${entry.label}: no pretrained timm checkpoint is known for this model`);
      const task = tasks.start('download', req.taskId);
      entry.weights = 'downloading';
      entry.downloadProgress = 0;
      try {
        await pullCheckpoint(checkpoint.hfId, {
          signal: task.signal,
          ...(options.hubEndpoint ? { endpoint: options.hubEndpoint } : {}),
          onProgress: (doneBytes, total) => {
            entry.downloadProgress = total ? doneBytes / total : 0;
            task.progress(doneBytes, total, { model: entry.id });
          },
        });
        task.end('done', { model: entry.id });
      } catch (e) {
        task.end(task.signal.aborted ? 'cancelled' : 'error', { model: entry.id, message: oneLine(e) });
        throw e;
      } finally {
        delete entry.downloadProgress;
        record.reset();
        loaded.delete(entry.id);
      }
      return { ...record.entry };
    },

    async cancel(taskId) {
      tasks.cancel(taskId);
    },

    ...hostRuns({ models, inference, ensureLoaded, ranWith }),

    ...playgroundMethods({ models, inference, tasks, ensureLoaded, forget: (id) => loaded.delete(id) }),

    async dispose() {
      disposed = true;
      tasks.cancelAll();
      await inference.dispose();
    },
  };
  return api;
}
