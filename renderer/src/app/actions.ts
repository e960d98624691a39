/**
 * What the UI does, as plain async functions over the Api and the stores: boot, open a photo or a
 * model, run predictions, load attention/saliency/diagrams, expand blocks, export, pull weights.
 * Components and commands call these; every failure ends up as one line in the message bar.
 */
import type { FileSource, ModelEntry, ProgressEvent } from '../../../src/api/contract';
import { oneLine } from '../../../src/common/errors';
import { getHost } from '../host/host';
import { blockNames } from '../lib/block-order';
import { isCheckpointFile, isModelFile } from '../host/page-files';
import { useCheckpointStore } from '../stores/checkpoint-store';
import { useImagesStore } from '../stores/images-store';
import { useModelsStore } from '../stores/models-store';
import { useNoticeStore } from '../stores/notice-store';
import { rememberSource, restoreModels, restorePhotos } from './remembered';
import { diagramKey, resultKey, saliencyKey, useResultsStore, type ModelProgress } from '../stores/results-store';
import { useViewStore } from '../stores/view-store';

function report(e: unknown): void {
  useViewStore.getState().setError(oneLine(e));
}

const inflight = new Map<string, Promise<unknown>>();
/** One request per key at a time; later callers share the running one. */
function once<T>(key: string, run: () => Promise<T>): Promise<T> {
  const running = inflight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = run().finally(() => inflight.delete(key));
  inflight.set(key, p);
  return p;
}

/** Predict tasks this window started and is still waiting for (other clients' are ignored). */
const ownTasks = new Set<string>();

function onProgress(e: ProgressEvent): void {
  if (!e.model) return;
  if (e.kind === 'predict' && !ownTasks.has(e.taskId)) return;
  const models = useModelsStore.getState();
  const id = models.models.find((m) => m.id === e.model || m.preset === e.model)?.id ?? e.model;
  if (e.kind === 'download') {
    models.patchModel(
      id,
      e.state === 'running' ? { weights: 'downloading', downloadProgress: e.total ? e.done / e.total : 0 } : {},
    );
    return;
  }
  if (e.kind === 'predict') {
    const state = e.state === 'running' ? 'running' : e.state === 'done' ? 'done' : 'error';
    useResultsStore.getState().setProgress(id, { state, done: e.done, total: e.total, message: e.message });
  }
}

let booted = false;
export async function boot(): Promise<void> {
  if (booted) return;
  booted = true;
  const api = getHost().api;
  api.onProgress(onProgress);
  try {
    const [models, samples] = await Promise.all([api.listModels(), api.sampleImages()]);
    // The photo first, then the list (which ends the loading state): no view says "open a photo".
    useImagesStore.getState().setSamples(samples);
    if (samples[0]) useImagesStore.getState().setCurrent(samples[0].id);
    useModelsStore.getState().setModels(models);
    const view = useViewStore.getState();
    if (!view.diagramModelId && models[0]) view.setDiagramModel(models[0].id);
    const running = runAll();
    // Models opened in an earlier run (reopened from their paths) join the runs.
    const reopened = await restoreModels(models);
    const imageId = useImagesStore.getState().currentId;
    await Promise.all([
      running,
      ...(imageId ? reopened.filter((m) => m.weights !== 'analysis-only').map((m) => runModel(imageId, m.id)) : []),
      restorePhotos(),
    ]);
  } catch (e) {
    report(e);
  }
}

export async function selectImage(imageId: string): Promise<void> {
  if (useImagesStore.getState().currentId === imageId) return runAll();
  // A new photo: whatever still runs for the previous one is no longer wanted.
  for (const taskId of ownTasks)
    void getHost()
      .api.cancel(taskId)
      .catch(() => undefined);
  useImagesStore.getState().setCurrent(imageId);
  await runAll();
}

export async function openFiles(files: readonly File[]): Promise<void> {
  for (const file of files) {
    if (isModelFile(file)) await openModelFile(file);
    else await openImageFile(file);
  }
}

export function openImageFile(file: File): Promise<void> {
  return openImage(file.name, () => getHost().fileSource(file, 'image'));
}

export function openModelFile(file: File): Promise<void> {
  return openModel(file.name, () => getHost().fileSource(file, 'model'));
}

export async function openImage(name: string, source: () => Promise<FileSource>): Promise<void> {
  try {
    useViewStore.getState().setStatus(`Opening ${name}…`);
    const src = await source();
    const image = await getHost().api.openImage(src);
    rememberSource(image.id, src);
    useImagesStore.getState().addOpened(image);
    await selectImage(image.id);
  } catch (e) {
    report(e);
  } finally {
    useViewStore.getState().setStatus(undefined);
  }
}

export async function openModel(name: string, source: () => Promise<FileSource>): Promise<void> {
  if (isCheckpointFile(name)) return inspectCheckpoint(name, source);
  return showOpened(name, async () => {
    const src = await source();
    const model = await getHost().api.openModel(src);
    rememberSource(model.id, src);
    return model;
  });
}

/** A checkpoint: infer its architecture and ask the user to confirm it (CheckpointDialog). */
async function inspectCheckpoint(name: string, source: () => Promise<FileSource>): Promise<void> {
  try {
    useViewStore.getState().setStatus(`Reading ${name}…`);
    const src = await source();
    const inspection = await getHost().api.inspectCheckpoint(src);
    useCheckpointStore.getState().setPending({ name, source: src, inspection });
  } catch (e) {
    report(e);
  } finally {
    useViewStore.getState().setStatus(undefined);
  }
}

/** Open the pending checkpoint with the spec the user confirmed (timm kwargs, as `--timm-spec` reads). */
export function confirmCheckpoint(p: {
  name: string;
  source: FileSource;
  timmSpec: Record<string, unknown>;
}): Promise<void> {
  useCheckpointStore.getState().setPending(undefined);
  return showOpened(p.name, () => getHost().api.openCheckpoint({ source: p.source, timmSpec: p.timmSpec }));
}

/** Save a checkpoint's spec as timm kwargs JSON (what `splitlens build --timm-spec` reads). */
export async function saveCheckpointSpec(p: { name: string; timmSpec: Record<string, unknown> }): Promise<void> {
  const stem = p.name.replace(/\.(pth|pt|bin|safetensors)$/i, '');
  try {
    await getHost().saveFile(`${stem}.spec.json`, JSON.stringify(p.timmSpec, null, 2) + '\n', 'application/json');
  } catch (e) {
    report(e);
  }
}

async function showOpened(name: string, open: () => Promise<ModelEntry>): Promise<void> {
  try {
    useViewStore.getState().setStatus(`Opening ${name}…`);
    const model = await open();
    useModelsStore.getState().upsertModel(model);
    // Stay in the view the user is in: the diagram view shows the new model's tab, any other view
    // just announces it (with a way to its diagram).
    const view = useViewStore.getState();
    if (view.view === 'diagram' || !view.diagramModelId) view.setDiagramModel(model.id);
    const shown = useModelsStore.getState().models.find((m) => m.id === model.id);
    useNoticeStore.getState().announceOpened(model.id, shown?.label ?? model.label);
    const imageId = useImagesStore.getState().currentId;
    if (imageId && model.weights !== 'analysis-only') await runModel(imageId, model.id);
  } catch (e) {
    report(e);
  } finally {
    useViewStore.getState().setStatus(undefined);
  }
}

/** Runs every listed model on the current photo; results already there are reused unless `force`. */
export async function runAll(force = false): Promise<void> {
  const imageId = useImagesStore.getState().currentId;
  if (!imageId) return;
  // A file without its weights is only analysed: there is nothing to run.
  const models = useModelsStore.getState().models.filter((m) => m.weights !== 'analysis-only');
  const results = useResultsStore.getState();
  const todo = models.filter((m) => force || !results.predictions[resultKey(imageId, m.id)]);
  for (const m of models) {
    const cached = !todo.includes(m);
    results.setProgress(m.id, cached ? { state: 'done', done: 1, total: 1 } : { state: 'queued', done: 0, total: 1 });
  }
  await Promise.all(todo.map((m) => runModel(imageId, m.id)));
}

export function runModel(imageId: string, modelId: string): Promise<void> {
  const key = resultKey(imageId, modelId);
  return once(`predict|${key}`, async () => {
    // Progress is per model: only the current photo's run may change it.
    const progress = (p: ModelProgress) => {
      if (useImagesStore.getState().currentId === imageId) useResultsStore.getState().setProgress(modelId, p);
    };
    progress({ state: 'running', done: 0, total: 1 });
    useResultsStore.getState().setError(key, undefined);
    const taskId = `predict-${modelId}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    ownTasks.add(taskId);
    try {
      // The saliency map of the top class (compare view) and every block's attention (attention
      // and diagram views) come with the prediction, from the same run: no request of their own.
      const res = await getHost().api.predict({
        imageId,
        modelIds: [modelId],
        top: 5,
        taskId,
        with: ['saliency', 'attention'],
      });
      const first = res.results[0];
      if (!first) throw new Error(`no prediction came back for ${modelId}`);
      const { attention, saliency, ...p } = first;
      const results = useResultsStore.getState();
      // Before the prediction: the views that wake on it find these in place.
      if (attention) results.setAttention(key, attention);
      if (saliency) results.setSaliency(saliencyKey(imageId, modelId), saliency);
      results.setPrediction(key, p);
      progress({ state: p.error ? 'error' : 'done', done: 1, total: 1, message: p.error });
      if (p.error) useResultsStore.getState().setError(key, p.error);
      // An opened file that cannot be loaded says so in the list, with the reason.
      const model = useModelsStore.getState().listed.find((m) => m.id === modelId);
      if (p.error && model?.source === 'file' && model.weights === 'in-file')
        useModelsStore.getState().patchModel(modelId, { weights: 'failed', weightsProblem: p.error });
    } catch (e) {
      const current = useImagesStore.getState().currentId === imageId;
      if (/cancel/i.test(oneLine(e))) {
        // Cancelled because the user moved on; if they came back meanwhile, run it again.
        if (current) setTimeout(() => void runModel(imageId, modelId), 0);
        return;
      }
      progress({ state: 'error', done: 0, total: 1, message: oneLine(e) });
      if (current) useResultsStore.getState().setError(key, oneLine(e));
    } finally {
      // Late events of a finished task must not flip the model back to running.
      ownTasks.delete(taskId);
    }
  });
}

/**
 * Fetches a result once (`kind|key`) unless `cached`; a failure is kept as the one-line error
 * under the same `kind|key` in the results store.
 */
function loadOnce<T>(
  kind: string,
  key: string,
  cached: unknown,
  fetch: () => Promise<T>,
  store: (value: T) => void,
): Promise<void> {
  if (cached) return Promise.resolve();
  return once(`${kind}|${key}`, async () => {
    try {
      store(await fetch());
    } catch (e) {
      useResultsStore.getState().setError(`${kind}|${key}`, oneLine(e));
    }
  });
}

/** Why a model has nothing to run (analysis only, or failed to load), else undefined. */
function notRunnable(modelId: string): string | undefined {
  const m = useModelsStore.getState().listed.find((x) => x.id === modelId);
  if (m?.weights === 'analysis-only')
    return m.weightsProblem ?? `${m.label}: the weights are not in this file: analysis only`;
  if (m?.weights === 'failed') return m.weightsProblem ?? `${m.label}: failed to load`;
  return undefined;
}

/**
 * Whether the model ran on the photo: its prediction is there without an error. Attention,
 * saliency and heatmaps come from the same run, so a model that cannot run (an opened file whose
 * weights are missing, a photo it cannot take) is never asked for them.
 */
function ranOk(imageId: string, modelId: string): boolean {
  const p = useResultsStore.getState().predictions[resultKey(imageId, modelId)];
  return Boolean(p && !p.error);
}

/**
 * Waits for the model's prediction on the photo (running it when nothing has: the second photo of
 * a diff), then says whether it ran. When it did not, `kind|key` gets the run's one-line reason.
 */
async function afterRun(kind: string, imageId: string, modelId: string): Promise<boolean> {
  const key = resultKey(imageId, modelId);
  const results = useResultsStore.getState();
  if (!results.predictions[key] && !results.errors[key]) await runModel(imageId, modelId);
  if (ranOk(imageId, modelId)) return true;
  const now = useResultsStore.getState();
  const why = now.predictions[key]?.error ?? now.errors[key];
  if (why) now.setError(`${kind}|${key}`, why);
  return false;
}

export async function loadAttention(imageId: string, modelId: string): Promise<void> {
  const key = resultKey(imageId, modelId);
  const why = notRunnable(modelId);
  if (why) {
    useResultsStore.getState().setError(`attention|${key}`, why);
    return;
  }
  if (useResultsStore.getState().attention[key] || !(await afterRun('attention', imageId, modelId))) return;
  return loadOnce(
    'attention',
    key,
    useResultsStore.getState().attention[key],
    () => getHost().api.attention({ imageId, modelId }),
    (a) => useResultsStore.getState().setAttention(key, a),
  );
}

/** The CAM of one class (absent: the top class) of a model that ran on the photo. */
export async function loadSaliency(imageId: string, modelId: string, classIndex?: number): Promise<void> {
  const key = saliencyKey(imageId, modelId, classIndex);
  if (notRunnable(modelId)) return;
  if (useResultsStore.getState().saliency[key] || !(await afterRun('saliency', imageId, modelId))) return;
  return loadOnce(
    'saliency',
    key,
    useResultsStore.getState().saliency[key],
    () => getHost().api.saliency({ imageId, modelId, ...(classIndex === undefined ? {} : { classIndex }) }),
    (m) => useResultsStore.getState().setSaliency(key, m),
  );
}

export function loadAnalysis(modelId: string): Promise<void> {
  return loadOnce(
    'analysis',
    modelId,
    useModelsStore.getState().analyses[modelId],
    () => getHost().api.analyze(modelId),
    (a) => useModelsStore.getState().setAnalysis(modelId, a),
  );
}

export function loadDiagram(modelId: string, expanded: readonly string[]): Promise<void> {
  const key = diagramKey(modelId, expanded);
  if (useResultsStore.getState().diagrams[key]) return Promise.resolve();
  return once(`diagram|${key}`, async () => {
    try {
      const d = await getHost().api.diagram({ modelId, expand: expanded.length ? [...expanded] : 'none' });
      useResultsStore.getState().setDiagram(key, d);
      useResultsStore.getState().setError(`diagram|${modelId}`, undefined);
    } catch (e) {
      useResultsStore.getState().setError(`diagram|${modelId}`, oneLine(e));
    }
  });
}

export function toggleExpand(modelId: string, block: string): void {
  const view = useViewStore.getState();
  const now = view.expanded[modelId] ?? [];
  view.setExpanded(modelId, now.includes(block) ? now.filter((b) => b !== block) : [...now, block]);
}

export async function expandAll(modelId: string): Promise<void> {
  await loadAnalysis(modelId);
  const analysis = useModelsStore.getState().analyses[modelId];
  if (!analysis)
    return report(new Error(useResultsStore.getState().errors[`analysis|${modelId}`] ?? 'the model has no analysis'));
  useViewStore.getState().setExpanded(modelId, blockNames(analysis));
}

export function collapse(modelId: string): void {
  const view = useViewStore.getState();
  const now = view.expanded[modelId] ?? [];
  const block = view.selectedBlock;
  view.setExpanded(modelId, block && now.includes(block) ? now.filter((b) => b !== block) : []);
}

export async function exportSvg(modelId: string): Promise<void> {
  try {
    const view = useViewStore.getState();
    const model = useModelsStore.getState().models.find((m) => m.id === modelId);
    const expanded = view.expanded[modelId] ?? [];
    // Heatmaps only from a model that ran on the photo; one that cannot run exports its diagram alone.
    const imageId = useImagesStore.getState().currentId;
    const svg = await getHost().api.exportSvg({
      modelId,
      expand: expanded.length ? expanded : 'none',
      theme: view.theme,
      imageId: imageId && ranOk(imageId, modelId) ? imageId : undefined,
    });
    const name = `${model?.preset ?? model?.label ?? modelId}.svg`;
    const saved = await getHost().saveFile(name, svg, 'image/svg+xml');
    if (!saved) return;
    view.setStatus(saved.path ? `Saved ${saved.path}` : 'SVG exported');
    setTimeout(() => useViewStore.getState().setStatus(undefined), 3000);
  } catch (e) {
    report(e);
  }
}

export async function pullWeights(shown: ModelEntry): Promise<void> {
  // The entry as listed (a name the user gave stays a name, not the Api's label).
  const model = useModelsStore.getState().listed.find((m) => m.id === shown.id) ?? shown;
  try {
    useModelsStore.getState().patchModel(model.id, { weights: 'downloading', downloadProgress: 0 });
    const updated = await getHost().api.pullWeights({ modelId: model.id, taskId: `pull-${model.id}` });
    useModelsStore.getState().upsertModel(updated);
    const imageId = useImagesStore.getState().currentId;
    if (imageId) {
      // New weights: every cached result of this model is stale.
      useResultsStore.getState().forgetModel(model.id);
      await runModel(imageId, model.id);
    }
  } catch (e) {
    useModelsStore.getState().upsertModel(model);
    report(e);
  }
}

/** Remove an opened model: the Api forgets it, and so do the list, its results and its name. */
export async function removeModel(modelId: string): Promise<void> {
  try {
    await getHost().api.closeModel(modelId);
    useModelsStore.getState().removeModel(modelId);
    useResultsStore.getState().forgetModel(modelId);
    const view = useViewStore.getState();
    if (view.diagramModelId === modelId) view.setDiagramModel(useModelsStore.getState().models[0]?.id ?? '');
    if (useNoticeStore.getState().opened?.modelId === modelId) useNoticeStore.getState().clearOpened();
  } catch (e) {
    report(e);
  }
}

/** Give a model a name of the user's own (empty: its own name again); remembered across restarts. */
export function renameModel(modelId: string, name: string): void {
  useModelsStore.getState().rename(modelId, name);
}

/** Pull the pretrained weights of every untrained (or damaged) zoo model, one after another. */
export async function pullAllWeights(): Promise<void> {
  const todo = useModelsStore
    .getState()
    .models.filter((m) => m.source === 'zoo' && (m.weights === 'untrained' || m.weights === 'damaged'));
  for (const m of todo) await pullWeights(m);
}
