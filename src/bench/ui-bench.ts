/**
 * The bench of what the UI feels (`npm run bench`, part `ui`): a new photo through the five
 * headline models by the real Api as the UI calls it — serve mode over loopback, the photo uploaded
 * as bytes, predictions, then every model's attention and saliency — against the sum of plain
 * onnxruntime-node sessions on the same ONNX (logits only, same threads), interleaved run by run so
 * the machine's load hits both alike. Also: the bytes crossing the Api for that photo, images/s at
 * batch 1, 8 and 32 per model (the batched run), and the worker's RSS over many distinct photos
 * against its cache bound.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { HEADLINE_PRESETS } from '../zoo/index.js';
import { OrtEngine, defaultThreads } from '../runtime/engine/ort-engine.js';
import type { EngineSession } from '../runtime/engine/engine.js';
import { presetPlan } from '../runtime/engine/model-sources.js';
import { DEFAULT_CACHE_LIMITS, photoHash } from '../runtime/engine/model-runner.js';
import { preprocess } from '../runtime/image/preprocess.js';
import { InferenceService, type PhotoRef } from '../runtime/worker/inference-service.js';
import { CACHE_MB_ENV } from '../runtime/worker/worker-protocol.js';
import type { ImageEntry, PredictResponse } from '../common/api-types.js';
import { PACKED_CONTENT_TYPE, holdsTypedArrays, packBody, unpackBody } from '../common/packed-body.js';
import { TOKEN_HEADER } from '../common/api-methods.js';
import { assetPath } from '../platform/paths.js';
import { withoutTaps } from './runtime-bench.js';
import { distinctPhotos } from './photos.js';

/** A running serve-mode server (the CLI layer starts it: the bench sits below the server). */
export interface ServeHandle {
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Starts `splitlens serve` in process with the five headline models on the CPU provider and `threads` threads. */
export type StartServe = (threads: number) => Promise<ServeHandle>;

export interface UiBenchOptions {
  serve: StartServe;
  models?: string[];
  /**
   * Interleaved pairs of (UI run, plain run) (default 41: the machine is often shared, one run of
   * the five models varies by ±10% on it, and with 21 pairs the ratio still moved ±0.05 run to run).
   */
  repeats?: number;
  /** Distinct photos for the memory run (default 1000; 0 skips it). */
  memoryPhotos?: number;
  /** The worker's result-cache bound for the memory run, MiB (default 64). */
  memoryCacheMb?: number;
  batches?: number[];
  log?: (line: string) => void;
}

export interface UiBenchReport {
  date: string;
  machine: { cpu: string; cores: number; threads: number; node: string };
  models: string[];
  weights: string[];
  repeats: number;
  /** Medians over the repeats, ms: upload + predictions + attention + saliency of a new photo. */
  uiMs: number;
  /** Sum of the plain sessions' single runs on the preprocessed photo, ms (median over repeats). */
  plainMs: number;
  ratio: number;
  /** The median of each interleaved pair's ratio (UI run / the plain run right after it). */
  pairRatio?: number;
  /**
   * The median pair ratio by which side ran first (even pairs: the app; odd: plain ORT). A side
   * that runs right after the other is slower (its threads and caches went cold meanwhile).
   */
  pairRatioByOrder?: { appFirst: number; plainFirst: number };
  /** Every UI run and plain sum, ms, in order. */
  uiRuns: number[];
  /**
   * The five inferences' own time in each UI run (the worker's `latencyMs`), ms, in order: what
   * onnxruntime took inside the app, against the plain runs; the rest of a UI run is the upload,
   * decode, preprocessing, answers and the time between.
   */
  uiInferenceRuns?: number[];
  plainRuns: number[];
  /** Bytes crossing the Api for one new photo (request bodies + response bodies). */
  apiBytes: { total: number; byMethod: Record<string, number> };
  /** images/s per model and batch size (batched runs of raw tensors, no cache). */
  throughput: { model: string; batch: number; imagesPerSecond: number }[];
  /** The machine's 1-minute load average when the timed runs began and when they ended. */
  loadAverage?: [number, number];
  /**
   * Share of this VM's CPU time the hypervisor gave to other guests during the timed runs, % (Linux
   * `steal` in /proc/stat; absent elsewhere): how much the machine itself was disturbed.
   */
  stolenPercent?: number;
  memory?: {
    photos: number;
    cacheBoundMb: number;
    /** The worker's bounds on photos and preprocessed inputs, MiB. */
    photoBoundMb?: number;
    inputBoundMb?: number;
    samples: { photos: number; rssMb: number; cachedMb: number; photoMb?: number; inputMb?: number }[];
  };
}

/**
 * Photos each side runs before the timed ones: the first loads the app's models, and the first few
 * compile the server's and the worker's code paths (the app's first timed runs were 10–15% slower
 * than its later ones after one warm-up photo; plain sessions' first timed run was twice its later ones).
 */
const WARM_PHOTOS = 3;

/** This machine's CPU time so far (Linux /proc/stat, in clock ticks): all of it and the part stolen by the hypervisor. */
function cpuTimes(): { total: number; steal: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already within user)
    const first8 = fields.slice(0, 8);
    if (first8.length < 8 || first8.some((n) => !Number.isFinite(n))) return undefined;
    return { total: first8.reduce((a, b) => a + b, 0), steal: first8[7]! };
  } catch {
    return undefined;
  }
}

/** The stolen share of the CPU time between two readings, %. */
export function stolenPercent(
  from: { total: number; steal: number } | undefined,
  to: { total: number; steal: number } | undefined,
): number | undefined {
  if (!from || !to || to.total <= from.total) return undefined;
  return (100 * (to.steal - from.steal)) / (to.total - from.total);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The renderer's HTTP client in miniature: JSON or packed bodies, counting the bytes both ways. On
 * `node:http` with kept-alive connections, as a browser keeps them: Node's `fetch` (undici) spent
 * about 7 ms of CPU a request here (against 2 ms), on the same two cores as the server and worker
 * it measures, which a browser's network stack in its own process does not.
 */
function httpClient(port: number, token: string, count: (method: string, bytes: number) => void) {
  const agent = new Agent({ keepAlive: true, maxSockets: 6 }); // a browser's connections per host
  const call = (method: string, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const packed = holdsTypedArrays(args);
      const body = packed ? packBody(args) : new TextEncoder().encode(JSON.stringify(args));
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/${method}`,
          method: 'POST',
          agent,
          headers: {
            'content-type': packed ? PACKED_CONTENT_TYPE : 'application/json',
            'content-length': body.byteLength,
            [TOKEN_HEADER]: token,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const reply = new Uint8Array(Buffer.concat(chunks));
            count(method, body.byteLength + reply.byteLength);
            try {
              if ((res.statusCode ?? 500) >= 400) throw new Error(`${method}: ${new TextDecoder().decode(reply)}`);
              resolve(
                String(res.headers['content-type'] ?? '').startsWith(PACKED_CONTENT_TYPE)
                  ? unpackBody(reply)
                  : JSON.parse(new TextDecoder().decode(reply)),
              );
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return Object.assign(call, { close: () => agent.destroy() });
}

export async function runUiBench(opts: UiBenchOptions): Promise<UiBenchReport> {
  const log = opts.log ?? (() => undefined);
  const names = opts.models ?? [...HEADLINE_PRESETS];
  const repeats = opts.repeats ?? 41;
  const threads = defaultThreads();
  const sample = assetPath('sample-chelsea.png');
  const photos = await distinctPhotos(sample, repeats + WARM_PHOTOS);

  // Plain onnxruntime-node: the same zoo graphs, logits only, same thread count.
  const engine = new OrtEngine();
  const plain: { session: EngineSession; input: Float32Array; dims: number[] }[] = [];
  const weights: string[] = [];
  for (const name of names) {
    log(`ui: ${name}: building the plain session`);
    const plan = await presetPlan(name, { saliency: false });
    weights.push(plan.meta.weights);
    const bytes = 'bytes' in plan.source ? plan.source.bytes : new Uint8Array(readFileSync(plan.source.path));
    const session = await engine.load(withoutTaps(bytes), { intraOpThreads: threads, providers: ['cpu'] });
    const [h, w] = plan.meta.preprocess?.size ?? [224, 224];
    const input = await preprocess(sample, plan.meta.preprocess);
    plain.push({ session, input, dims: [1, 3, h, w] });
    await session.run({ [session.inputNames[0]!]: { data: input, dims: [1, 3, h, w] } }); // warm
  }
  const plainOnce = async (): Promise<number> => {
    const t0 = performance.now();
    for (const p of plain) await p.session.run({ [p.session.inputNames[0]!]: { data: p.input, dims: p.dims } });
    return performance.now() - t0;
  };

  // The app: serve mode over loopback, the Api the UI calls.
  const bytesBy: Record<string, number> = {};
  let counting = false;
  const server = await opts.serve(threads);
  const call = httpClient(server.port, server.token, (m, b) => {
    if (counting) bytesBy[m] = (bytesBy[m] ?? 0) + b;
  });
  const ids = names;
  /**
   * What the renderer asks for a new photo, as it asks (renderer/src/app/actions.ts): the upload,
   * then one `predict` per model, all at once (`runAll`), each with the model's top-class saliency
   * map (the compare view) and its attention (the attention and diagram views) from the same run.
   */
  const uiOnce = async (photo: Uint8Array, name: string): Promise<{ ms: number; inferenceMs: number }> => {
    const t0 = performance.now();
    const entry = (await call('openImage', [{ kind: 'bytes', name, bytes: photo }])) as ImageEntry;
    const answers = (await Promise.all(
      ids.map((modelId) =>
        call('predict', [{ imageId: entry.id, modelIds: [modelId], top: 5, with: ['saliency', 'attention'] }]),
      ),
    )) as PredictResponse[];
    const ms = performance.now() - t0;
    let inferenceMs = 0;
    for (const a of answers) {
      const r = a.results[0];
      // Every view's data must have come: a model without it would make the bench time less work.
      if (!r || r.error || !r.saliency || !r.attention)
        throw new Error(`ui: ${r?.model}: ${r?.error ?? 'no saliency or attention'}`);
      inferenceMs += r.latencyMs;
    }
    return { ms, inferenceMs };
  };
  const report: Partial<UiBenchReport> = {};
  try {
    log(`ui: warming the app (models load in the worker) and the plain sessions: ${WARM_PHOTOS} photos each`);
    for (let i = 0; i < WARM_PHOTOS; i++) {
      await uiOnce(photos[i]!, `warm-${i}.png`);
      await plainOnce();
    }
    const uiRuns: number[] = [];
    const uiInferenceRuns: number[] = [];
    const plainRuns: number[] = [];
    const loadStart = loadavg()[0]!;
    const cpuStart = cpuTimes();
    for (let i = 0; i < repeats; i++) {
      // Which side runs first alternates (app-plain, then plain-app): whatever the order itself
      // does (a side's threads or caches gone cold while the other ran) falls on both alike.
      const appRun = async () => {
        counting = i === 0;
        const run = await uiOnce(photos[i + WARM_PHOTOS]!, `photo-${i}.png`);
        counting = false;
        uiRuns.push(run.ms);
        uiInferenceRuns.push(run.inferenceMs);
      };
      if (i % 2 === 0) await appRun();
      plainRuns.push(await plainOnce());
      if (i % 2 === 1) await appRun();
      log(`ui: run ${i + 1}/${repeats}: app ${uiRuns.at(-1)!.toFixed(0)} ms, plain ${plainRuns.at(-1)!.toFixed(0)} ms`);
    }
    const stolen = stolenPercent(cpuStart, cpuTimes());
    Object.assign(report, {
      loadAverage: [loadStart, loadavg()[0]!],
      ...(stolen !== undefined ? { stolenPercent: stolen } : {}),
      uiMs: median(uiRuns),
      plainMs: median(plainRuns),
      ratio: median(uiRuns) / median(plainRuns),
      pairRatio: median(uiRuns.map((u, i) => u / plainRuns[i]!)),
      pairRatioByOrder: {
        appFirst: median(uiRuns.map((u, i) => u / plainRuns[i]!).filter((_, i) => i % 2 === 0)),
        plainFirst: median(uiRuns.map((u, i) => u / plainRuns[i]!).filter((_, i) => i % 2 === 1)),
      },
      uiRuns,
      uiInferenceRuns,
      plainRuns,
      apiBytes: { total: Object.values(bytesBy).reduce((a, b) => a + b, 0), byMethod: bytesBy },
    });
  } finally {
    call.close();
    await server.close();
    for (const p of plain) await p.session.release();
  }

  // Batched runs: images/s at each batch size, raw tensors (no cache), one model at a time.
  const throughput: UiBenchReport['throughput'] = [];
  const service = new InferenceService({ intraOpThreads: threads, providers: ['cpu'] });
  try {
    for (const [i, name] of names.entries()) {
      await service.open(name, { preset: name, seed: 0 }, { saliency: true });
      const [, , h, w] = plain[i]!.dims as [number, number, number, number];
      for (const batch of opts.batches ?? [1, 8, 32]) {
        const tensor = new Float32Array(batch * 3 * h * w).map((_, k) => Math.sin(k) * 0.5);
        await service.results(name, [{ tensor: tensor.subarray(0, 3 * h * w), dims: [1, 3, h, w] }]);
        const t0 = performance.now();
        await service.results(name, [{ tensor, dims: [batch, 3, h, w] }], { attention: true });
        const s = (performance.now() - t0) / 1000;
        throughput.push({ model: name, batch, imagesPerSecond: batch / s });
        log(`ui: ${name} batch ${batch}: ${(batch / s).toFixed(1)} images/s`);
      }
      await service.unload(name);
    }
  } finally {
    await service.dispose();
  }

  let memory: UiBenchReport['memory'];
  const n = opts.memoryPhotos ?? 1000;
  if (n > 0) memory = await memoryRun(names[0]!, n, opts.memoryCacheMb ?? 64, log);

  return {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), threads, node: process.version },
    models: names,
    weights,
    repeats,
    ...(report as Pick<
      UiBenchReport,
      | 'uiMs'
      | 'plainMs'
      | 'ratio'
      | 'pairRatio'
      | 'pairRatioByOrder'
      | 'uiRuns'
      | 'uiInferenceRuns'
      | 'plainRuns'
      | 'apiBytes'
      | 'loadAverage'
      | 'stolenPercent'
    >),
    throughput,
    ...(memory ? { memory } : {}),
  };
}

/** `n` distinct photos through one model; the worker's RSS and cache bytes sampled along the way. */
export async function memoryRun(
  model: string,
  n: number,
  cacheMb: number,
  log: (l: string) => void,
): Promise<NonNullable<UiBenchReport['memory']>> {
  log(`ui: memory: ${n} distinct photos through ${model}, result cache bound ${cacheMb} MiB`);
  const before = process.env[CACHE_MB_ENV];
  process.env[CACHE_MB_ENV] = String(cacheMb);
  const service = new InferenceService({ providers: ['cpu'] });
  const samples: NonNullable<UiBenchReport['memory']>['samples'] = [];
  try {
    await service.open(model, { preset: model, seed: 0 }, { saliency: true });
    // The sample photo at its own size (451×300, ~370 kB as PNG): the photo store (128 MiB) fills
    // within a few hundred photos, so the run shows where RSS stands once every store is full.
    const photos = await distinctPhotos(assetPath('sample-chelsea.png'), 50);
    for (let i = 0; i < n; i++) {
      // Fifty base images, each with a second changed pixel per round: n distinct contents.
      const base = photos[i % photos.length]!;
      const bytes = i < photos.length ? base : await varied(base, i);
      const ref: PhotoRef = { photoId: photoHash(bytes), bytes };
      await service.predict(model, ref);
      if ((i + 1) % Math.max(1, Math.floor(n / 10)) === 0 || i + 1 === n) {
        const s = await service.cacheStats();
        samples.push({
          photos: i + 1,
          rssMb: (s.rssBytes ?? 0) / 2 ** 20,
          cachedMb: s.resultBytes / 2 ** 20,
          photoMb: s.photoBytes / 2 ** 20,
          inputMb: s.inputBytes / 2 ** 20,
        });
        log(`ui: memory: ${i + 1} photos, worker RSS ${samples.at(-1)!.rssMb.toFixed(0)} MiB`);
      }
    }
  } finally {
    await service.dispose();
    if (before === undefined) delete process.env[CACHE_MB_ENV];
    else process.env[CACHE_MB_ENV] = before;
  }
  return {
    photos: n,
    cacheBoundMb: cacheMb,
    photoBoundMb: DEFAULT_CACHE_LIMITS.photoBytes / 2 ** 20,
    inputBoundMb: DEFAULT_CACHE_LIMITS.inputBytes / 2 ** 20,
    samples,
  };
}

/** The same PNG with its compression level changed by round: other bytes, same pixels. */
async function varied(png: Uint8Array, i: number): Promise<Uint8Array> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (i * 7) % data.length;
  data[at] = (data[at]! + 1 + (i % 200)) & 255;
  return new Uint8Array(
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
  );
}

const f0 = (v: number): string => v.toFixed(0);

/** The memory run: RSS and each store's bytes per sample, and RSS from the first sample where every store is full. */
function memoryMarkdown(m: NonNullable<UiBenchReport['memory']>, model: string): string[] {
  const full = (s: (typeof m.samples)[number]): boolean =>
    s.cachedMb >= m.cacheBoundMb * 0.9 &&
    (m.photoBoundMb === undefined || (s.photoMb ?? 0) >= m.photoBoundMb * 0.9) &&
    (m.inputBoundMb === undefined || (s.inputMb ?? 0) >= m.inputBoundMb * 0.9);
  const first = m.samples.find(full);
  const last = m.samples.at(-1)!;
  const bounds = [`results ${m.cacheBoundMb} MiB`];
  if (m.photoBoundMb !== undefined) bounds.push(`photos ${m.photoBoundMb} MiB`, `inputs ${m.inputBoundMb} MiB`);
  const stores = m.photoBoundMb !== undefined;
  return [
    `### Worker memory over ${m.photos} distinct photos (${model}; bounds: ${bounds.join(', ')})`,
    '',
    first && first !== last
      ? `Every store is full from ${first.photos} photos on; from there to ${last.photos} photos the worker's RSS goes ${f0(first.rssMb)} → ${f0(last.rssMb)} MiB (${last.rssMb >= first.rssMb ? '+' : ''}${f0(last.rssMb - first.rssMb)} MiB).`
      : 'The stores did not all reach their bounds in this run.',
    '',
    `| photos | worker RSS MiB | results cached MiB |${stores ? ' photos held MiB | inputs held MiB |' : ''}`,
    `|---|---|---|${stores ? '---|---|' : ''}`,
    ...m.samples.map(
      (s) =>
        `| ${s.photos} | ${f0(s.rssMb)} | ${s.cachedMb.toFixed(1)} |${stores ? ` ${(s.photoMb ?? 0).toFixed(1)} | ${(s.inputMb ?? 0).toFixed(1)} |` : ''}`,
    ),
  ];
}

export function uiBenchMarkdown(r: UiBenchReport): string {
  const lines = [
    `${r.date} · ${r.machine.cpu} · ${r.machine.cores} cores · ${r.machine.threads} intra-op threads · Node ${r.machine.node} · CPU provider. Compare ratios, not absolute times: both sides are measured in the same run.`,
    '',
    `A new photo through ${r.models.join(', ')} (${[...new Set(r.weights)].join('/')} weights) by the real Api as the UI calls it: serve mode over loopback, the photo uploaded as bytes (its preview comes back), then one \`predict\` per model, all at once, each with that model's top-class saliency map and attention from the same run (as the renderer asks) — upload, decode, preprocessing, every run with its taps and CAM features, and every answer included. The client stands in for the browser: \`node:http\` with kept-alive connections, in the bench's process. Against the sum of one plain onnxruntime-node run per model on the same ONNX files (the taps removed: logits only; the photo already preprocessed), same intra-op threads; ${r.repeats} runs each, interleaved so that other load hits both alike (which side goes first alternates pair by pair), after ${WARM_PHOTOS} warm-up photos each.`,
    ...(r.loadAverage
      ? [
          '',
          `Load average of this machine (other work shares its cores): ${r.loadAverage.map((l) => l.toFixed(1)).join(' at the start, ')} at the end.${r.stolenPercent !== undefined ? ` CPU time stolen by the hypervisor during the timed runs: ${r.stolenPercent.toFixed(1)}%.` : ''}`,
        ]
      : []),
    '',
    '| what | splitlens | plain ORT | ratio |',
    '|---|---|---|---|',
    `| predictions + attention + saliency, new photo (median ms) | ${f0(r.uiMs)} | ${f0(r.plainMs)} | ${r.ratio.toFixed(2)}x |`,
    '',
    `Runs (ms): app ${r.uiRuns.map(f0).join(', ')}; plain ${r.plainRuns.map(f0).join(', ')}.${r.pairRatio ? ` Median of the pairs' ratios (each app run against the plain run beside it; the order alternates pair by pair): ${r.pairRatio.toFixed(2)}x.` : ''}${r.pairRatioByOrder ? ` By order: ${r.pairRatioByOrder.appFirst.toFixed(2)}x in the pairs where the app ran first, ${r.pairRatioByOrder.plainFirst.toFixed(2)}x where plain ORT ran first (a side that runs right after the other starts cold).` : ''}`,
    ...(r.uiInferenceRuns?.length
      ? [
          '',
          `Where the app's time goes: its five inferences themselves (the worker's own timing, taps and CAM features fetched) took ${f0(median(r.uiInferenceRuns))} ms (median; ${(median(r.uiInferenceRuns) / r.plainMs).toFixed(2)}x the plain runs, which run with nothing else on the cores); the other ${f0(r.uiMs - median(r.uiInferenceRuns))} ms of a run are the upload, decoding, preprocessing, the answers and the waits between.`,
        ]
      : []),
    '',
    `Bytes crossing the Api for that photo: **${(r.apiBytes.total / 1e6).toFixed(2)} MB** (${Object.entries(
      r.apiBytes.byMethod,
    )
      .map(([m, b]) => `${m} ${(b / 1e3).toFixed(1)} kB`)
      .join(', ')}; the upload is the photo itself and the thumbnail returned).`,
    '',
    '### Batched runs: images/s (every tap and the CAM features fetched)',
    '',
    `| model | ${[...new Set(r.throughput.map((t) => t.batch))].map((b) => `batch ${b}`).join(' | ')} |`,
    `|---|${[...new Set(r.throughput.map((t) => t.batch))].map(() => '---').join('|')}|`,
    ...r.models.map(
      (m) =>
        `| ${m} | ${r.throughput
          .filter((t) => t.model === m)
          .map((t) => t.imagesPerSecond.toFixed(1))
          .join(' | ')} |`,
    ),
  ];
  if (r.memory) lines.push('', ...memoryMarkdown(r.memory, r.models[0]!));
  return lines.join('\n') + '\n';
}
