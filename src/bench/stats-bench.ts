/**
 * Throughput of `splitlens stats` (`npm run bench`, part `stats`): N photos × the five headline
 * models through the stats run as the CLI and the Api do it (worker, attention taps, statistics),
 * against plain batched onnxruntime-node on the same photos — decode once, timm preprocessing per
 * model, the graph without taps in batches — decoding included on both sides, same intra-op
 * threads, timed chunk by chunk alternately. Reported as photos/s (a photo = through every model)
 * and the ratio of the two times. The statistics of each chunk are a report of their own here (the
 * accumulation is a negligible part of the time).
 */
import { availableParallelism } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADLINE_PRESETS } from '../zoo/index.js';
import { OrtEngine, defaultThreads } from '../runtime/engine/ort-engine.js';
import { InferenceService } from '../runtime/worker/inference-service.js';
import { presetPlan } from '../runtime/engine/model-sources.js';
import { decodeRgb, IMAGENET_DEFAULT, normalize, resizeAndCrop } from '../runtime/image/preprocess.js';
import type { RgbImage } from '../runtime/image/pil-resample.js';
import { assetPath } from '../platform/paths.js';
import { batchedAttentionSource, centreZoom, encodePng, runStats } from '../stats/index.js';
import type { WeightState } from '../common/model.js';
import { withoutTaps } from './runtime-bench.js';

export interface StatsBenchOptions {
  /** Zoo presets (default the five headline models). */
  models?: string[];
  /** Distinct photos (default 100). */
  photos?: number;
  /** Batch size of the plain ORT side (default 10). */
  batch?: number;
  intraOpThreads?: number;
  log?: (line: string) => void;
}

export interface StatsBenchReport {
  date: string;
  cores: number;
  threads: number;
  photos: number;
  models: string[];
  batch: number;
  /** Wall time of the stats run (worker, taps, statistics), s. */
  statsSeconds: number;
  /** Wall time of plain batched ORT on the same photos, decoding included, s. */
  plainSeconds: number;
  statsPhotosPerSecond: number;
  plainPhotosPerSecond: number;
  /** statsSeconds / plainSeconds (goal ≤ 1.2). */
  ratio: number;
}

/** `count` distinct PNG photos from the bundled samples (each a slightly different centre crop). */
async function makePhotos(dir: string, count: number): Promise<string[]> {
  const samples = ['sample-chelsea.png', 'sample-coffee.png', 'sample-rocket.jpg'];
  const decoded = await Promise.all(samples.map((s) => decodeRgb(assetPath(s))));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `photo-${String(i).padStart(3, '0')}.png`);
    writeFileSync(path, await encodePng(centreZoom(decoded[i % decoded.length]!, 1 + Math.floor(i / 3) * 0.01)));
    out.push(path);
  }
  return out;
}

export async function runStatsBench(opts: StatsBenchOptions = {}): Promise<StatsBenchReport> {
  const log = opts.log ?? (() => undefined);
  const names = opts.models ?? [...HEADLINE_PRESETS];
  const count = opts.photos ?? 100;
  const batch = opts.batch ?? 10;
  const threads = opts.intraOpThreads ?? defaultThreads();
  const dir = mkdtempSync(join(tmpdir(), 'splitlens-stats-bench-'));
  const engine = new OrtEngine();
  const service = new InferenceService({ intraOpThreads: threads, providers: ['cpu'] });
  try {
    log(`stats: writing ${count} photos`);
    const files = await makePhotos(dir, count);

    // Plain batched ORT: sessions loaded (untimed).
    const plans = [];
    for (const name of names) {
      log(`stats: ${name}: building`);
      const plan = await presetPlan(name, { saliency: false });
      const bytes = 'bytes' in plan.source ? plan.source.bytes : new Uint8Array(readFileSync(plan.source.path));
      const session = await engine.load(withoutTaps(bytes), { providers: ['cpu'], intraOpThreads: threads });
      plans.push({ name, plan, session });
    }
    // The stats run as the CLI does it: models opened in the worker (untimed).
    const weights = new Map<string, WeightState>();
    for (const name of names)
      weights.set(name, (await service.open(name, { preset: name }, { saliency: false })).weights);
    const source = batchedAttentionSource(service, weights, batch);

    // Timed, alternating chunk by chunk so load from other processes hits both sides alike:
    // plain batched ORT (decode once, preprocess per model, run in one batch) then the stats run
    // over the same photos.
    log(
      `stats: ${count} photos × ${names.length} models, plain batched ORT (batch ${batch}) and the stats run, alternating`,
    );
    let plainMs = 0;
    let statsMs = 0;
    for (let start = 0; start < files.length; start += batch) {
      const chunk = files.slice(start, start + batch);
      let t0 = performance.now();
      const images: RgbImage[] = [];
      for (const f of chunk) images.push(await decodeRgb(f));
      for (const { plan, session } of plans) {
        const cfg = plan.meta.preprocess ?? IMAGENET_DEFAULT;
        const [h, w] = cfg.size;
        const data = new Float32Array(images.length * 3 * h * w);
        images.forEach((img, i) => data.set(normalize(resizeAndCrop(img, cfg), cfg), i * 3 * h * w));
        await session.run({ [session.inputNames[0]!]: { data, dims: [images.length, 3, h, w] } }, [
          session.outputNames[0]!,
        ]);
      }
      plainMs += performance.now() - t0;
      t0 = performance.now();
      const report = await runStats(
        source,
        names,
        chunk.map((f, i) => ({ name: `photo-${start + i}`, input: f })),
      );
      statsMs += performance.now() - t0;
      if (!report.complete || report.models.some((m) => m.errors.length))
        throw new Error('stats bench: the run failed');
      log(`stats: ${start + chunk.length}/${count} photos`);
    }
    for (const { session } of plans) await session.release();
    const plainSeconds = plainMs / 1000;
    const statsSeconds = statsMs / 1000;
    return {
      date: new Date().toISOString(),
      cores: availableParallelism(),
      threads,
      photos: count,
      models: names,
      batch,
      statsSeconds,
      plainSeconds,
      statsPhotosPerSecond: count / statsSeconds,
      plainPhotosPerSecond: count / plainSeconds,
      ratio: statsSeconds / plainSeconds,
    };
  } finally {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function statsBenchMarkdown(r: StatsBenchReport): string {
  return [
    `${r.date} · ${r.cores} cores · ${r.threads} intra-op threads · ${r.photos} photos × ${r.models.length} models (${r.models.join(', ')}) · decoding included`,
    '',
    '| pipeline | time (s) | photos/s (through every model) |',
    '|---|---|---|',
    `| plain onnxruntime-node, batch ${r.batch}, no taps | ${r.plainSeconds.toFixed(1)} | ${r.plainPhotosPerSecond.toFixed(2)} |`,
    `| \`splitlens stats\` (worker, taps, statistics) | ${r.statsSeconds.toFixed(1)} | ${r.statsPhotosPerSecond.toFixed(2)} |`,
    '',
    `Ratio stats / plain: **${r.ratio.toFixed(2)}x** (goal ≤ 1.2x).`,
  ].join('\n');
}
