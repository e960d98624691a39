/**
 * The Api's stats and scale runs over a photo set: the models are loaded as for predict, the
 * photos come from the image store, and src/stats does the rest through the service attention
 * source. Progress events (`stats` / `scale`) after every photo × model; `cancel(taskId)` ends
 * the run early and the call resolves with the partial report (`complete: false`).
 */
import type { ScaleRunRequest, StatsRunRequest, WeightState } from './contract.js';
import type { ScaleReport, StatsReport } from '../common/stats-report.js';
import { oneLine } from '../common/errors.js';
import type { InferenceService } from '../runtime/worker/inference-service.js';
import {
  batchedAttentionSource,
  runScale,
  runStats,
  type AttentionSource,
  type NamedPhoto,
  type RunOptions,
} from '../stats/index.js';
import type { ImageStore } from './image-store.js';
import type { ModelRecord, ModelRegistry } from './model-registry.js';
import type { Task, Tasks } from './tasks.js';

export interface StatsRunDeps {
  models: ModelRegistry;
  images: ImageStore;
  inference: InferenceService;
  tasks: Tasks;
  ensureLoaded(record: ModelRecord): Promise<unknown>;
  /** The weights a model runs with (damaged → untrained). */
  ranWith(w: WeightState): WeightState;
}

export function statsRuns(deps: StatsRunDeps) {
  async function run<R extends StatsReport | ScaleReport>(
    kind: 'stats' | 'scale',
    req: StatsRunRequest,
    go: (source: AttentionSource, models: string[], photos: NamedPhoto[], opts: RunOptions<R>) => Promise<R>,
  ): Promise<R> {
    const photos = req.imageIds.map((id) => {
      const img = deps.images.get(id);
      return { name: img.name, input: deps.images.ref(id) };
    });
    const records = (req.modelIds ?? deps.models.list().map((m) => m.id)).map((id) => deps.models.get(id));
    const task: Task = deps.tasks.start(kind, req.taskId);
    try {
      task.progress(0, photos.length * records.length, { message: 'loading models' });
      for (const r of records) await deps.ensureLoaded(r);
      const weights = new Map(records.map((r) => [r.entry.id, deps.ranWith(r.entry.weights)]));
      const source = batchedAttentionSource(deps.inference, weights);
      const report = await go(
        source,
        records.map((r) => r.entry.id),
        photos,
        {
          signal: task.signal,
          onProgress: (p) => task.progress(p.done, p.total, { model: p.model, message: p.photo }),
        },
      );
      task.end(report.complete ? 'done' : 'cancelled');
      return report;
    } catch (e) {
      task.end(task.signal.aborted ? 'cancelled' : 'error', { message: oneLine(e) });
      throw e;
    }
  }

  return {
    statsRun: (req: StatsRunRequest): Promise<StatsReport> => run<StatsReport>('stats', req, runStats),
    scaleRun: (req: ScaleRunRequest): Promise<ScaleReport> =>
      run<ScaleReport>('scale', req, (source, models, photos, opts) =>
        runScale(source, models, photos, req.zooms ?? [1, 1.5, 2], opts),
      ),
  };
}
