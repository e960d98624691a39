/**
 * Where a stats run gets its attention from, as a small interface: given models and photos, yield
 * each photo's attention tensors per model, with the weights each model runs with. The statistics
 * never see how inference is done (one photo per run in the worker today; a batched run later).
 */
import type { AttentionBlock } from '../common/api-types.js';
import type { WeightState } from '../common/model.js';
import { CancelledError, oneLine } from '../common/errors.js';
import type { InferenceService, ServiceImage } from '../runtime/worker/inference-service.js';

/**
 * A photo to run: a path, encoded bytes, a tensor or a photo the worker holds by id (`PhotoRef`),
 * or a function making one when its turn comes.
 */
export type PhotoInput = ServiceImage | (() => Promise<ServiceImage>);

/** One photo's attention from one model, or why that photo failed for it. */
export type PhotoAttention =
  { model: string; photo: number; blocks: AttentionBlock[] } | { model: string; photo: number; error: string };

export interface AttentionSource {
  /** The weights each model runs with (its figures say so). */
  weights(model: string): WeightState;
  /**
   * Every photo × model, in the order the source runs best. A photo that cannot be read yields an
   * error and the run goes on; an abort throws CancelledError at the next photo.
   */
  attention(
    models: readonly string[],
    photos: readonly PhotoInput[],
    signal?: AbortSignal,
  ): AsyncIterable<PhotoAttention>;
}

export async function resolvePhoto(p: PhotoInput): Promise<ServiceImage> {
  return typeof p === 'function' ? p() : p;
}

/**
 * The attention source one photo at a time: one `attention` request per photo and model, photo by
 * photo (the worker decodes each photo once for all models). Models must already be open in
 * `service` under their names. `batchedAttentionSource` is the faster one; this one is kept as the
 * simplest reference.
 */
export function serviceAttentionSource(
  service: InferenceService,
  weights: ReadonlyMap<string, WeightState>,
): AttentionSource {
  return {
    weights: (model) => weights.get(model) ?? 'untrained',
    async *attention(models, photos, signal) {
      for (let photo = 0; photo < photos.length; photo++) {
        if (signal?.aborted) throw new CancelledError();
        let input: ServiceImage;
        try {
          input = await resolvePhoto(photos[photo]!);
        } catch (e) {
          for (const model of models) yield { model, photo, error: oneLine(e) };
          continue;
        }
        for (const model of models) {
          try {
            const r = await service.attention(model, input, { signal });
            yield { model, photo, blocks: r.blocks };
          } catch (e) {
            if (e instanceof CancelledError || signal?.aborted) throw new CancelledError();
            yield { model, photo, error: oneLine(e) };
          }
        }
      }
    },
  };
}

/**
 * The attention source over the one-pass runtime's batched run: photos in chunks of `batch`, and
 * per chunk one `results` request per model (one inference over the chunk returning logits and
 * every attention tap; each photo decoded and preprocessed once per config in the worker). A chunk
 * that fails on a bad photo is run again photo by photo, so only that photo fails.
 */
export function batchedAttentionSource(
  service: InferenceService,
  weights: ReadonlyMap<string, WeightState>,
  batch = 8,
): AttentionSource {
  async function one(model: string, input: ServiceImage, signal?: AbortSignal): Promise<AttentionBlock[]> {
    const [r] = await service.results(model, [input], { attention: true, signal });
    return r?.attention ?? [];
  }
  return {
    weights: (model) => weights.get(model) ?? 'untrained',
    async *attention(models, photos, signal) {
      for (let start = 0; start < photos.length; start += batch) {
        if (signal?.aborted) throw new CancelledError();
        const inputs: { photo: number; input: ServiceImage }[] = [];
        const unreadable: { photo: number; error: string }[] = [];
        for (let photo = start; photo < Math.min(photos.length, start + batch); photo++) {
          try {
            inputs.push({ photo, input: await resolvePhoto(photos[photo]!) });
          } catch (e) {
            unreadable.push({ photo, error: oneLine(e) });
          }
        }
        for (const model of models) {
          for (const u of unreadable) yield { model, ...u };
          if (!inputs.length) continue;
          let results: PhotoAttention[];
          try {
            const rs = await service.results(
              model,
              inputs.map((i) => i.input),
              { attention: true, signal },
            );
            results = rs.map((r, i) => ({ model, photo: inputs[i]!.photo, blocks: r.attention ?? [] }));
          } catch (e) {
            if (e instanceof CancelledError || signal?.aborted) throw new CancelledError();
            results = [];
            for (const i of inputs) {
              try {
                results.push({ model, photo: i.photo, blocks: await one(model, i.input, signal) });
              } catch (err) {
                if (err instanceof CancelledError || signal?.aborted) throw new CancelledError();
                results.push({ model, photo: i.photo, error: oneLine(err) });
              }
            }
          }
          yield* results;
        }
      }
    },
  };
}
