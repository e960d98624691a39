/**
 * Attention tensors → the `AttentionResponse` blocks the UI draws: one flat array per image in the
 * tap's `dims` order. For timm's rSoftmax that is exactly its flattened output (`[R, K, C/K]`), for
 * SK `[paths, C]`, for SE/ECA `[C]`; a tensor whose size does not match its tap is an error.
 */
import type { AttentionBlock } from '../../common/api-types.js';
import type { TensorData } from '../engine/engine.js';
import type { TapSpec } from '../engine/model-meta.js';

/** A batch's flat output split into one plain array per image. */
export function perImage(data: Float32Array, batch: number): number[][] {
  const n = data.length / batch;
  return Array.from({ length: batch }, (_, b) => Array.from(data.subarray(b * n, (b + 1) * n)));
}

export function attentionBlocks(
  taps: readonly TapSpec[],
  outputs: Readonly<Record<string, TensorData>>,
  batch: number,
): AttentionBlock[] {
  return taps.map((tap) => {
    const t = outputs[tap.tensor];
    if (!t) throw new Error(`attention tensor ${tap.tensor} (${tap.block}) was not returned by the model`);
    const per = tap.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== per * batch) {
      throw new Error(
        `attention tensor ${tap.tensor} has ${t.data.length} values, expected ${batch}×${per} for shape [${tap.shape.join(', ')}]`,
      );
    }
    return {
      name: tap.block,
      kind: tap.kind,
      dims: [...tap.dims],
      shape: [...tap.shape],
      values: perImage(t.data, batch),
    };
  });
}
