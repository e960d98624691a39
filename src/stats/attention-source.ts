/**
 * Where a stats run gets its attention from, as a small interface: given models and photos, yield
 * each photo's attention tensors per model, with the weights each model runs with. The statistics
 * never see how inference is done (one photo per run in the worker today; a batched run later).
 */
import type { AttentionBlock } from '../common/api-types.js';
import type { WeightState } from '../common/model.js';
import { CancelledError, oneLine } from '../common/errors.js';
import type { ImageSource } from '../runtime/engine/model-runner.js';
import type { InferenceService } from '../runtime/worker/inference-service.js';

/** A photo to run: a path, encoded bytes or a tensor, or a function making one when its turn comes. */
export type PhotoInput = ImageSource | (() => Promise<ImageSource>);

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

export async function resolvePhoto(p: PhotoInput): Promise<ImageSource> {
  return typeof p === 'function' ? p() : p;
}

/**
 * The attention source over the inference service as it is: one `attention` request per photo and
 * model, photo by photo, so the worker decodes each photo once for all models (it keeps the last
 * decoded photo). Models must already be open in `service` under their names.
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
        let input: ImageSource;
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
