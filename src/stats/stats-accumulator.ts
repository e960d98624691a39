/**
 * Collects each photo's raw attention per model and block as a stats run goes, and turns what it
 * has into a `StatsReport` at any moment: at the end, or after a cancel (then `complete: false`
 * and the numbers cover the photos that ran). Tensors are kept as float32, as the model gave them.
 */
import type { AttentionBlock } from '../common/api-types.js';
import type { WeightState } from '../common/model.js';
import type { ModelStats, StatsReport } from '../common/stats-report.js';
import { blockStats, type BlockSamples } from './block-stats.js';
import { pearson } from './distribution.js';

interface ModelSamples {
  model: string;
  weights: WeightState;
  blocks: Map<string, BlockSamples>;
  errors: { photo: number; message: string }[];
}

/** Correlation over photos of every pair of blocks' per-photo values (pairs where both ran). */
export function blockCorrelation(perPhoto: { block: string; values: (number | null)[] }[]): ModelStats['correlation'] {
  const matrix = perPhoto.map((a) =>
    perPhoto.map((b) => {
      const xs: number[] = [];
      const ys: number[] = [];
      a.values.forEach((x, i) => {
        const y = b.values[i];
        if (x === null || y === null || y === undefined) return;
        xs.push(x);
        ys.push(y);
      });
      return pearson(xs, ys);
    }),
  );
  return { blocks: perPhoto.map((p) => p.block), matrix };
}

export class StatsAccumulator {
  private readonly models = new Map<string, ModelSamples>();
  private done = 0;

  constructor(
    readonly photos: readonly string[],
    models: readonly { model: string; weights: WeightState }[],
  ) {
    for (const m of models) this.models.set(m.model, { ...m, blocks: new Map(), errors: [] });
  }

  get total(): number {
    return this.photos.length * this.models.size;
  }

  private model(name: string): ModelSamples {
    const m = this.models.get(name);
    if (!m) throw new Error(`stats: model ${name} is not part of this run`);
    return m;
  }

  /** The weights a model actually ran with (known once it is loaded). */
  setWeights(model: string, weights: WeightState): void {
    this.model(model).weights = weights;
  }

  /** One photo's attention for one model (each block's `values`: the photo's flat tensor, copied). */
  add(model: string, photo: number, blocks: readonly AttentionBlock[]): void {
    const m = this.model(model);
    for (const b of blocks) {
      let s = m.blocks.get(b.name);
      if (!s)
        m.blocks.set(
          b.name,
          (s = { block: { name: b.name, kind: b.kind, dims: b.dims, shape: b.shape }, values: new Map() }),
        );
      s.values.set(photo, Float32Array.from(b.values));
    }
    this.done++;
  }

  /** A photo that could not run on this model (unreadable file, …): counted as done, left out of the numbers. */
  fail(model: string, photo: number, message: string): void {
    this.model(model).errors.push({ photo, message });
    this.done++;
  }

  report(complete: boolean): StatsReport {
    const models: ModelStats[] = [...this.models.values()].map((m) => {
      const blocks = [...m.blocks.values()].map((s) => blockStats(s, this.photos.length));
      return {
        model: m.model,
        weights: m.weights,
        blocks,
        correlation: blockCorrelation(blocks.map((b) => ({ block: b.block, values: b.perPhoto }))),
        errors: [...m.errors].sort((a, b) => a.photo - b.photo),
      };
    });
    return {
      kind: 'splitlens-stats',
      version: 1,
      photos: [...this.photos],
      complete,
      done: this.done,
      total: this.total,
      models,
    };
  }
}
