/**
 * The scale experiment of SKNet (Li et al. 2019, §4.4) on the user's photos and models: each photo
 * centre-zoomed by every zoom factor, and per SK / split-attention block the mean difference
 * between the last and the first split's (path's) weight at each zoom, with its spread over
 * photos. For SK blocks in timm the paths are ordered by kernel size, so the difference is
 * large-kernel minus small-kernel weight, the quantity the paper plots. Abort → partial report.
 */
import type { AttentionBlock } from '../common/api-types.js';
import { CancelledError, UserError } from '../common/errors.js';
import type { WeightState } from '../common/model.js';
import type { ScaleBlock, ScaleReport } from '../common/stats-report.js';
import { decodeRgb } from '../runtime/image/decode-image.js';
import type { RgbImage } from '../runtime/image/pil-resample.js';
import type { AttentionSource, PhotoInput } from './attention-source.js';
import { resolvePhoto } from './attention-source.js';
import { blockLayout, stageOf } from './block-stats.js';
import { mean, std } from './distribution.js';
import type { NamedPhoto, RunOptions } from './stats-run.js';
import { centreZoom, encodePng } from './zoom.js';

/** One photo's last-minus-first split weight and per-split means, over every group and channel. */
export function splitDifference(
  block: Pick<AttentionBlock, 'dims' | 'shape'>,
  v: ArrayLike<number>,
): {
  diff: number;
  splitMeans: number[];
} {
  const { rows, groups, channelsPerGroup } = blockLayout(block);
  const stride = groups * channelsPerGroup;
  const splitMeans = Array.from({ length: rows }, (_, r) => {
    let s = 0;
    for (let j = 0; j < stride; j++) s += v[r * stride + j]!;
    return s / stride;
  });
  return { diff: splitMeans[rows - 1]! - splitMeans[0]!, splitMeans };
}

interface BlockAcc {
  block: Pick<AttentionBlock, 'name' | 'kind' | 'dims' | 'shape'>;
  /** Per zoom: per-photo differences and split means. */
  diffs: number[][];
  splits: number[][][];
}

/** Photo × zoom inputs, made when their turn comes; a photo is decoded once for all its zooms. */
function zoomedInputs(photos: readonly NamedPhoto[], zooms: readonly number[]): PhotoInput[] {
  let current: { photo: number; img: Promise<RgbImage> } | undefined;
  const decoded = (photo: number): Promise<RgbImage> => {
    if (current?.photo !== photo) {
      const input = photos[photo]!.input;
      current = {
        photo,
        img: resolvePhoto(input).then((src) => {
          if (typeof src === 'string' || src instanceof Uint8Array) return decodeRgb(src);
          if ('bytes' in src) return decodeRgb(src.bytes); // a photo the worker holds by id
          throw new UserError('the scale experiment needs photos, not raw tensors');
        }),
      };
    }
    return current.img;
  };
  return photos.flatMap((p, photo) =>
    zooms.map((z): PhotoInput => (z === 1 ? p.input : async () => encodePng(centreZoom(await decoded(photo), z)))),
  );
}

export async function runScale(
  source: AttentionSource,
  models: readonly string[],
  photos: readonly NamedPhoto[],
  zooms: readonly number[],
  opts: RunOptions<ScaleReport> = {},
): Promise<ScaleReport> {
  const acc = new Map<string, Map<string, BlockAcc>>(models.map((m) => [m, new Map()]));
  const errors = new Map<string, { photo: number; message: string }[]>(models.map((m) => [m, []]));
  const weights = new Map<string, WeightState>(models.map((m) => [m, source.weights(m)]));
  const total = photos.length * zooms.length * models.length;
  let done = 0;
  const report = (complete: boolean): ScaleReport => ({
    kind: 'splitlens-scale',
    version: 1,
    zooms: [...zooms],
    photos: photos.map((p) => p.name),
    complete,
    done,
    total,
    models: models.map((model) => ({
      model,
      weights: weights.get(model)!,
      blocks: [...acc.get(model)!.values()].map((b): ScaleBlock => ({
        block: b.block.name,
        stage: stageOf(b.block.name),
        kind: b.block.kind,
        axis: blockLayout(b.block).axis === 'path' ? 'path' : 'radix',
        rows: blockLayout(b.block).rows,
        points: zooms.map((zoom, zi) => ({
          zoom,
          n: b.diffs[zi]!.length,
          meanDiff: mean(b.diffs[zi]!),
          std: std(b.diffs[zi]!),
          splitMeans: Array.from({ length: blockLayout(b.block).rows }, (_, r) =>
            mean(b.splits[zi]!.map((s) => s[r]!)),
          ),
        })),
      })),
      errors: errors.get(model)!,
    })),
  });
  const every = opts.checkpointEvery ?? Math.max(1, Math.ceil(total / 10));
  try {
    for await (const r of source.attention(models, zoomedInputs(photos, zooms), opts.signal)) {
      const photo = Math.floor(r.photo / zooms.length);
      const zi = r.photo % zooms.length;
      if ('error' in r) {
        if (zi === 0 || !errors.get(r.model)!.some((e) => e.photo === photo))
          errors.get(r.model)!.push({ photo, message: r.error });
      } else {
        const blocks = acc.get(r.model)!;
        for (const b of r.blocks) {
          const layout = blockLayout(b);
          if (layout.axis === 'gate' || layout.rows < 2) continue;
          let a = blocks.get(b.name);
          if (!a) {
            a = {
              block: { name: b.name, kind: b.kind, dims: b.dims, shape: b.shape },
              diffs: zooms.map(() => []),
              splits: zooms.map(() => []),
            };
            blocks.set(b.name, a);
          }
          const d = splitDifference(b, b.values);
          a.diffs[zi]!.push(d.diff);
          a.splits[zi]!.push(d.splitMeans);
        }
      }
      done++;
      opts.onProgress?.({ done, total, model: r.model, photo: `${photos[photo]!.name} ×${zooms[zi]}` });
      if (opts.onCheckpoint && done % every === 0 && done < total) await opts.onCheckpoint(report(false));
    }
  } catch (e) {
    if (!(e instanceof CancelledError) && !opts.signal?.aborted) throw e;
    return report(false);
  }
  return report(!opts.signal?.aborted);
}
