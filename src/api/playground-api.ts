/**
 * The playground's Api methods (issue 19): define a variant (cost, weights, published accuracy,
 * diagram — or one-line reasons), pin and unpin it (pinned variants are listed models, so Compare,
 * Diagram and Attention treat them like any other), measure its latency in a real ORT session, and
 * export it. Every defined variant is a model record addressed by its spec's hash, listed only
 * while pinned, so the views can ask for its attention and ops by id.
 */
import { createHash } from 'node:crypto';
import type { Api, ModelEntry } from './contract.js';
import type { Analysis } from '../common/model.js';
import type { VariantRequest, VariantSummary } from '../common/playground.js';
import { MAX_PINNED_VARIANTS } from '../common/playground.js';
import { CancelledError, UserError, oneLine } from '../common/errors.js';
import { readOnnx, type OnnxModel } from '../onnx/index.js';
import { analyzeOnnx, blockOps } from '../analysis/index.js';
import { PRESET_NAMES, inputHW, type ResNetSpec } from '../zoo/index.js';
import { buildVariant, describeVariant, matchWeights, variantGraph } from '../playground/index.js';
import { layoutDiagram, renderSvg } from '../diagram/index.js';
import type { InferenceService } from '../runtime/worker/inference-service.js';
import type { ModelRecord, ModelRegistry } from './model-registry.js';
import type { Tasks } from './tasks.js';

type PlaygroundMethods = Pick<
  Api,
  'listPresets' | 'defineVariant' | 'pinVariant' | 'unpinVariant' | 'measureLatency' | 'exportVariant'
>;

export interface PlaygroundDeps {
  models: ModelRegistry;
  inference: InferenceService;
  tasks: Tasks;
  /** Load a record into the inference service once (create-api's cache). */
  ensureLoaded(record: ModelRecord): Promise<unknown>;
  /** Forget a record's load (it left the registry). */
  forget(id: string): void;
}

/** Unpinned variants kept answerable (for the views' attention and ops) before the oldest is dropped. */
const KEEP_UNPINNED = 6;
const DEFAULT_RUNS = 5;

const variantId = (spec: ResNetSpec): string =>
  `variant:${createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12)}`;

function variantRecord(
  id: string,
  label: string,
  spec: ResNetSpec,
  s: Extract<VariantSummary, { ok: true }>,
): ModelRecord {
  const entry: ModelEntry = {
    id,
    label,
    family: s.family as ModelEntry['family'],
    source: 'variant',
    weights: s.weights.state,
    params: s.cost.params,
    macs: s.cost.macs,
    // The checkpoint its shapes match: Get weights fetches it.
    ...(s.weights.checkpoint ? { preset: s.weights.checkpoint } : {}),
  };
  let graph: Promise<{ model: OnnxModel; analysis: Analysis }> | undefined;
  return {
    entry,
    // Only the graph without weights stays (the weights are built when the worker asks, then dropped).
    held: 0,
    graph() {
      graph ??= readOnnx(variantGraph(spec, label)).then((model) => ({ model, analysis: analyzeOnnx(model) }));
      graph.catch(() => (graph = undefined));
      return graph;
    },
    async target() {
      const built = await buildVariant(spec, label);
      entry.weights = built.weights;
      return { bytes: built.onnx, name: label, weights: built.weights };
    },
    reset() {
      entry.weights = matchWeights(spec).state;
    },
  };
}

/** The median of numbers. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function playgroundMethods(deps: PlaygroundDeps): PlaygroundMethods {
  const { models } = deps;
  /** Unpinned variant ids, oldest first. */
  const unpinned: string[] = [];
  const pinned = new Set<string>();

  function touch(id: string): void {
    const i = unpinned.indexOf(id);
    if (i >= 0) unpinned.splice(i, 1);
    if (pinned.has(id)) return;
    unpinned.push(id);
    while (unpinned.length > KEEP_UNPINNED) {
      const old = unpinned.shift()!;
      models.remove(old);
      deps.forget(old);
      void deps.inference.unload(old).catch(() => undefined);
    }
  }

  /** The variant's summary and, when valid, its record (registered unlisted unless pinned). */
  function define(req: VariantRequest): { summary: VariantSummary; record?: ModelRecord; spec?: ResNetSpec } {
    const { spec, ...summary } = describeVariant(req);
    if (!summary.ok || !spec) return { summary };
    const id = variantId(spec);
    if (!models.has(id)) models.register(variantRecord(id, summary.label, spec, summary), false);
    touch(id);
    return { summary, record: models.get(id), spec };
  }

  function defined(req: VariantRequest): { record: ModelRecord; spec: ResNetSpec; summary: VariantSummary } {
    const d = define(req);
    if (!d.record || !d.spec) {
      const reasons = d.summary.ok ? [] : d.summary.reasons;
      throw new UserError(`${d.summary.label}: ${reasons.join('; ')}`);
    }
    return { record: d.record, spec: d.spec, summary: d.summary };
  }

  async function diagramOf(record: ModelRecord) {
    const { model, analysis } = await record.graph();
    return layoutDiagram(analysis, {
      modelId: record.entry.id,
      expand: 'none',
      opsOf: (block) => blockOps(model, analysis, block),
    });
  }

  return {
    async listPresets() {
      return [...PRESET_NAMES];
    },

    async defineVariant(req) {
      const d = define(req);
      if (!d.summary.ok || !d.record) return d.summary;
      return { ...d.summary, modelId: d.record.entry.id, diagram: await diagramOf(d.record) };
    },

    async pinVariant(req) {
      const { record } = defined(req);
      const id = record.entry.id;
      if (!pinned.has(id) && pinned.size >= MAX_PINNED_VARIANTS)
        throw new UserError(`at most ${MAX_PINNED_VARIANTS} variants can be pinned: unpin one first`);
      pinned.add(id);
      const i = unpinned.indexOf(id);
      if (i >= 0) unpinned.splice(i, 1);
      if (req.label) record.entry.label = req.label;
      // Listed in the order pinned (a variant defined earlier would otherwise keep its old place).
      models.remove(id);
      models.register(record, true);
      return { ...record.entry };
    },

    async unpinVariant(modelId) {
      if (!pinned.delete(modelId)) throw new UserError(`'${modelId.slice(0, 80)}' is not a pinned variant`);
      models.setListed(modelId, false);
      touch(modelId);
    },

    async measureLatency(req) {
      const { record, spec } = defined(req.variant);
      const runs = req.runs ?? DEFAULT_RUNS;
      const task = deps.tasks.start('predict', req.taskId);
      const id = record.entry.id;
      try {
        task.progress(0, runs + 1, { model: id, message: 'building and loading' });
        await deps.ensureLoaded(record);
        if (task.signal.aborted) throw new CancelledError();
        const [h, w] = inputHW(spec);
        const image = { tensor: new Float32Array(spec.inChans * h * w), dims: [1, spec.inChans, h, w] };
        const times: number[] = [];
        let provider = '';
        let fallback: string | undefined;
        for (let i = 0; i < runs; i++) {
          const r = await deps.inference.predict(id, image, { top: 1, signal: task.signal });
          times.push(r.latencyMs);
          provider = r.provider;
          fallback = r.fallback;
          task.progress(i + 2, runs + 1, { model: id });
        }
        task.end('done', { model: id });
        return {
          label: record.entry.label,
          latencyMs: median(times),
          provider,
          runs,
          ...(fallback ? { fallback } : {}),
        };
      } catch (e) {
        task.end(e instanceof CancelledError || task.signal.aborted ? 'cancelled' : 'error', { message: oneLine(e) });
        throw e;
      }
    },

    async exportVariant(req) {
      const { record, spec } = defined(req.variant);
      const base = record.entry.label.replace(/[^\w.-]+/g, '_');
      if (req.format === 'svg') {
        const svg = renderSvg(await diagramOf(record), {
          theme: req.theme ?? 'light',
          title: `${record.entry.label} — splitlens`,
        });
        return { fileName: `${base}.svg`, mimeType: 'image/svg+xml', encoding: 'utf8', data: svg };
      }
      const bytes =
        req.format === 'onnx'
          ? (await buildVariant(spec, record.entry.label)).onnx
          : variantGraph(spec, record.entry.label);
      const suffix = req.format === 'onnx' ? '' : '.stripped';
      return {
        fileName: `${base}${suffix}.onnx`,
        mimeType: 'application/octet-stream',
        encoding: 'base64',
        data: Buffer.from(bytes).toString('base64'),
      };
    },
  };
}
