/**
 * What only an in-process host (the CLI) asks of the Api; never carried over IPC or HTTP, so not
 * in the contract: load a model now and learn how the runtime opened it, and run a preprocessed
 * float32 NCHW tensor (`--tensor`, the fixtures' parity inputs) instead of a photo, and stream
 * photo files through the statistics' attention source. A raw tensor
 * is no photo a user opens: it has no preview for the image store, its batch gives one result per
 * image, and the wire Api stays free of multi-megabyte float arrays.
 */
import type { WeightState } from './contract.js';
import type { PhotoResult } from '../common/photo-run.js';
import type { OpenedModel } from '../runtime/engine/model-meta.js';
import type { RawTensor } from '../runtime/engine/model-runner.js';
import type { InferenceService } from '../runtime/worker/inference-service.js';
import type { ModelRecord, ModelRegistry } from './model-registry.js';
import { batchedAttentionSource, type AttentionSource } from '../stats/index.js';

export interface TensorRunRequest {
  modelId: string;
  tensor: RawTensor;
  top?: number;
  /** Raw logits of each image. */
  logits?: boolean;
  /** Every block's attention of each image. */
  attention?: boolean;
}

export interface HostRuns {
  /**
   * Load the model now (its load error now, one line) and say how the runtime opened it: the name
   * it gives the model in results and errors (a preset, `tiny_resnest/model.onnx`, a checkpoint's
   * model), the weights it runs with (a damaged cached checkpoint: untrained), its provider and
   * why better ones were skipped.
   */
  loadModel(modelId: string): Promise<OpenedModel>;
  /** The tensor through the model: one result per image of its batch, in order. */
  runTensor(req: TensorRunRequest): Promise<PhotoResult[]>;
  /**
   * The statistics' attention source over the models (by id, loaded with `loadModel`) for photos
   * the host streams by path, batched as `statsRun` runs them, without holding them in the image
   * store (`stats` over a folder of thousands).
   */
  attentionSource(modelIds: readonly string[]): AttentionSource;
}

export interface HostRunDeps {
  models: ModelRegistry;
  inference: InferenceService;
  ensureLoaded(record: ModelRecord): Promise<OpenedModel>;
  /** The weights a model runs with (damaged → untrained). */
  ranWith(w: WeightState): WeightState;
}

export function hostRuns(deps: HostRunDeps): HostRuns {
  return {
    async loadModel(modelId) {
      return deps.ensureLoaded(deps.models.get(modelId));
    },

    async runTensor(req) {
      const record = deps.models.get(req.modelId);
      await deps.ensureLoaded(record);
      const { top, logits, attention } = req;
      const results = await deps.inference.results(record.entry.id, [req.tensor], { top, logits, attention });
      return results.map((r) => ({ ...r, model: record.entry.id, weights: deps.ranWith(record.entry.weights) }));
    },

    attentionSource(modelIds) {
      const weights = modelIds.map((id) => [id, deps.ranWith(deps.models.get(id).entry.weights)] as const);
      return batchedAttentionSource(deps.inference, new Map(weights));
    },
  };
}
