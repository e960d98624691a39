/**
 * Benchmarks of the runtime (`npm run bench`): per model, (1) the cost of attention taps — a
 * splitlens session fetching every tap vs a plain onnxruntime-node session on the same graph
 * without them, runs interleaved so machine noise hits both alike — and (2) end-to-end latency of
 * the InferenceService (decode, timm preprocessing, worker IPC, inference, top-k) on a photo.
 */
import { availableParallelism, cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { onnx } from '../onnx/proto.js';
import { readOnnx, withExtraOutputs } from '../onnx/index.js';
import { HEADLINE_PRESETS } from '../zoo/index.js';
import { OrtEngine, defaultThreads } from '../runtime/engine/ort-engine.js';
import type { EngineSession, ProviderName } from '../runtime/engine/engine.js';
import { InferenceService } from '../runtime/worker/inference-service.js';
import { filePlan, presetPlan } from '../runtime/engine/model-sources.js';
import { assetPath } from '../platform/paths.js';
import { photoHash } from '../runtime/engine/model-runner.js';
import { distinctPhotos } from './photos.js';

export interface BenchOptions {
  /** Presets or ONNX files (default: the five headline models). */
  models?: string[];
  /** Timed runs per measurement (default 30). */
  runs?: number;
  /** Photo for the end-to-end part (default assets/sample-chelsea.png). */
  image?: string;
  providers?: ProviderName[];
  intraOpThreads?: number;
  log?: (line: string) => void;
}

export interface ModelBench {
  model: string;
  weights: string;
  provider: string;
  taps: number;
  /** Plain ORT session, graph without taps: first run and warm median (ms). */
  plainFirstMs: number;
  plainWarmMs: number;
  /** The same graph with every tap as an output, all fetched. */
  tapsFirstMs: number;
  tapsWarmMs: number;
  /** Fastest of the timed runs: the least disturbed by other load on the machine. */
  plainMinMs: number;
  tapsMinMs: number;
  /** tapsWarm / plainWarm − 1, in percent. */
  overheadPct: number;
  /** tapsMin / plainMin − 1, in percent. */
  overheadMinPct: number;
  /** First predict on the photo: decode + timm preprocessing + inference + IPC. */
  e2eFirstMs: number;
  /** InferenceService.predict on the photo, wall clock from the calling thread. */
  e2eWarmMs: number;
  /** Inference alone inside the worker (ModelPrediction.latencyMs), warm median. */
  workerWarmMs: number;
}

export interface BenchReport {
  date: string;
  machine: { cpu: string; cores: number; threads: number; node: string; platform: string };
  runs: number;
  image: string;
  models: ModelBench[];
  /** Sum over models of the warm end-to-end medians: one photo through every model. */
  e2eAllModelsMs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The graph with only its first output (the logits): what a plain export looks like. */
export function withoutTaps(bytes: Uint8Array): Uint8Array {
  const m = onnx.ModelProto.decode(bytes);
  if (m.graph) m.graph.output = (m.graph.output ?? []).slice(0, 1);
  return onnx.ModelProto.encode(m).finish();
}

async function timeRun(
  session: EngineSession,
  input: Float32Array,
  dims: number[],
  outputs: string[],
): Promise<number> {
  const t0 = performance.now();
  await session.run({ [session.inputNames[0]!]: { data: input, dims } }, outputs);
  return performance.now() - t0;
}

export async function runBench(opts: BenchOptions = {}): Promise<BenchReport> {
  const runs = opts.runs ?? 30;
  const log = opts.log ?? (() => undefined);
  const image = opts.image ?? assetPath('sample-chelsea.png');
  const threads = opts.intraOpThreads ?? defaultThreads();
  const names = opts.models ?? [...HEADLINE_PRESETS];
  const engine = new OrtEngine();
  const service = new InferenceService({ providers: opts.providers, intraOpThreads: threads });
  const models: ModelBench[] = [];
  try {
    for (const name of names) {
      log(`${name}: building`);
      const plan = name.endsWith('.onnx')
        ? await filePlan(name, { saliency: false })
        : await presetPlan(name, { saliency: false });
      // The plan's graph already exposes every tap (zoo `attn:*` outputs, or added by planModel).
      const bytes = 'bytes' in plan.source ? plan.source.bytes : new Uint8Array(readFileSync(plan.source.path));
      const taps = (plan.meta.taps ?? []).map((t) => t.tensor);
      const load = { providers: opts.providers, intraOpThreads: threads };
      const tapped = await engine.load(withExtraOutputs(await readOnnx(bytes), taps), load);
      const plain = await engine.load(withoutTaps(bytes), load);
      const declared = tapped.inputShapes[tapped.inputNames[0]!] ?? [];
      const [ph, pw] = plan.meta.preprocess?.size ?? [224, 224];
      const h = typeof declared[2] === 'number' ? declared[2] : ph;
      const w = typeof declared[3] === 'number' ? declared[3] : pw;
      const dims = [1, 3, h, w];
      const input = new Float32Array(3 * h * w).map((_, i) => Math.sin(i) * 0.5);
      const logits = plain.outputNames[0]!;
      log(`${name}: timing ${runs} interleaved runs (plain vs taps) on ${tapped.provider}`);
      const plainFirst = await timeRun(plain, input, dims, [logits]);
      const tapsFirst = await timeRun(tapped, input, dims, [logits, ...taps]);
      const p: number[] = [];
      const t: number[] = [];
      for (let i = 0; i < runs; i++) {
        p.push(await timeRun(plain, input, dims, [logits]));
        t.push(await timeRun(tapped, input, dims, [logits, ...taps]));
      }
      await plain.release();
      await tapped.release();
      log(`${name}: end to end through the inference worker`);
      await service.load(name, plan.source, plan.meta);
      // A new photo each time (one pixel differs): the worker would answer a photo it ran from its cache.
      const photos = (await distinctPhotos(image, runs + 1)).map((bytes) => ({ photoId: photoHash(bytes), bytes }));
      const t0 = performance.now();
      await service.predict(name, photos[runs]!);
      const e2eFirstMs = performance.now() - t0;
      const e2e: number[] = [];
      const inWorker: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = await service.predict(name, photos[i]!);
        e2e.push(performance.now() - t0);
        inWorker.push(r.latencyMs);
      }
      await service.unload(name);
      const plainWarmMs = median(p);
      const tapsWarmMs = median(t);
      models.push({
        model: name,
        weights: plan.meta.weights,
        provider: tapped.provider,
        taps: taps.length,
        plainFirstMs: plainFirst,
        plainWarmMs,
        tapsFirstMs: tapsFirst,
        tapsWarmMs,
        plainMinMs: Math.min(...p),
        tapsMinMs: Math.min(...t),
        overheadPct: (tapsWarmMs / plainWarmMs - 1) * 100,
        overheadMinPct: (Math.min(...t) / Math.min(...p) - 1) * 100,
        e2eFirstMs,
        e2eWarmMs: median(e2e),
        workerWarmMs: median(inWorker),
      });
    }
  } finally {
    await service.dispose();
  }
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      threads,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    runs,
    image,
    models,
    e2eAllModelsMs: models.reduce((a, m) => a + m.e2eWarmMs, 0),
  };
}

const f = (v: number): string => v.toFixed(1);

export function benchMarkdown(r: BenchReport): string {
  const pct = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(1)}%`;
  const rows = r.models.map(
    (m) =>
      `| ${m.model} | ${m.provider} | ${m.taps} | ${f(m.plainFirstMs)} | ${f(m.plainWarmMs)} / ${f(m.plainMinMs)} | ${f(m.tapsFirstMs)} | ${f(m.tapsWarmMs)} / ${f(m.tapsMinMs)} | ${pct(m.overheadPct)} / ${pct(m.overheadMinPct)} | ${f(m.workerWarmMs)} | ${f(m.e2eFirstMs)} | ${f(m.e2eWarmMs)} |`,
  );
  return (
    [
      `${r.date} · ${r.machine.cpu} · ${r.machine.cores} cores · ${r.machine.threads} intra-op threads · Node ${r.machine.node} · ${r.runs} runs (ms; warm = median / min)`,
      '',
      '| model | provider | taps | plain first | plain warm | taps first | taps warm | tap overhead | worker inference | end to end, first photo | end to end, warm |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `One photo through all ${r.models.length} models, end to end: ${f(r.e2eAllModelsMs)} ms.`,
    ].join('\n') + '\n'
  );
}
