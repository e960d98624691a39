/**
 * A stats run: every photo through every model's attention (from an AttentionSource), accumulated
 * into a StatsReport. Progress after each photo × model; an abort ends the run early with the
 * report of what ran (`complete: false`) rather than an error, so partial results are kept.
 */
import { CancelledError } from '../common/errors.js';
import type { StatsReport } from '../common/stats-report.js';
import type { AttentionSource, PhotoInput } from './attention-source.js';
import { StatsAccumulator } from './stats-accumulator.js';

export interface NamedPhoto {
  name: string;
  input: PhotoInput;
}

export interface RunProgress {
  done: number;
  total: number;
  model: string;
  photo: string;
}

export interface RunOptions<R> {
  signal?: AbortSignal;
  onProgress?(p: RunProgress): void;
  /** Called now and then (every `checkpointEvery` photo × model results) with the report so far. */
  onCheckpoint?(report: R): void | Promise<void>;
  checkpointEvery?: number;
}

export async function runStats(
  source: AttentionSource,
  models: readonly string[],
  photos: readonly NamedPhoto[],
  opts: RunOptions<StatsReport> = {},
): Promise<StatsReport> {
  const acc = new StatsAccumulator(
    photos.map((p) => p.name),
    models.map((model) => ({ model, weights: source.weights(model) })),
  );
  const every = opts.checkpointEvery ?? Math.max(1, Math.ceil(acc.total / 10));
  let done = 0;
  try {
    for await (const r of source.attention(
      models,
      photos.map((p) => p.input),
      opts.signal,
    )) {
      if ('error' in r) acc.fail(r.model, r.photo, r.error);
      else acc.add(r.model, r.photo, r.blocks);
      done++;
      opts.onProgress?.({ done, total: acc.total, model: r.model, photo: photos[r.photo]!.name });
      if (opts.onCheckpoint && done % every === 0 && done < acc.total) await opts.onCheckpoint(acc.report(false));
    }
  } catch (e) {
    if (!(e instanceof CancelledError) && !opts.signal?.aborted) throw e;
    return acc.report(false);
  }
  return acc.report(!opts.signal?.aborted);
}
