/**
 * PyTorch-eager peer of the inference bench (`npm run bench`, part `torch`): each headline model
 * timed in PyTorch eager on the CPU (scripts/bench-torch.py) and in plain onnxruntime-node, with
 * the same weights (one timm-layout checkpoint feeds both), the same input and the same thread
 * count, reported as the ratio eager / ORT. Runs alternate between the two (one ORT run, one
 * PyTorch run, ...) so load from other processes hits both alike. Skipped with a one-line note where
 * Python lacks torch.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, HEADLINE_PRESETS, inputHW, resolvePreset, writePresetCheckpoint } from '../zoo/index.js';
import { OrtEngine, defaultThreads } from '../runtime/engine/ort-engine.js';
import type { EngineSession } from '../runtime/engine/engine.js';
import { withoutTaps } from './runtime-bench.js';
import {
  DEFAULT_TORCH_PYTHON,
  probeTorch,
  startTorchServer,
  type FixtureCheck,
  type TorchRun,
  type TorchServer,
} from './torch-script.js';

export interface TorchPeerOptions {
  /** Headline presets (default all five). */
  models?: string[];
  /** Timed runs at batch 1 (default 20). */
  runs?: number;
  /** The larger batch (default 8; 0: batch 1 only) and its timed runs (default runs / 4, at least 3). */
  batch?: number;
  batchRuns?: number;
  /** Warm-up runs after the first, both sides (default 3). */
  warmup?: number;
  /** Intra-op threads on both sides (default: the runtime's, `defaultThreads()`). */
  threads?: number;
  python?: string;
  log?: (line: string) => void;
}

export interface PeerTiming {
  firstMs: number;
  medianMs: number;
  minMs: number;
}

export interface PeerBatch {
  batch: number;
  runs: number;
  torch: PeerTiming;
  ort: PeerTiming;
  /** PyTorch eager / ORT, of the medians and of the fastest runs. */
  ratioMedian: number;
  ratioMin: number;
}

export interface PeerRow {
  model: string;
  impl: 'torchvision' | 'port';
  /** The port of the model's family against timm's logits on each tiny fixture. */
  checks: FixtureCheck[];
  /** torchvision's model vs the port, same weights (torchvision rows). */
  torchvisionVsPort?: number;
  /** Max |PyTorch − ORT| of the 1000 logits on the bench input, same weights. */
  logitsMaxAbsDiff?: number;
  batches: PeerBatch[];
  /** Why the row has no timings (a failed check). */
  error?: string;
}

export type TorchPeerReport =
  | { status: 'skipped'; reason: string }
  | {
      status: 'measured';
      date: string;
      machine: { cpu: string; cores: number; node: string; platform: string };
      python: string;
      torch: string;
      threads: number;
      ompWaitPolicy: string;
      warmup: number;
      rows: PeerRow[];
    };

/** Largest |PyTorch − ORT| on the full-size logits that still counts as the same function. */
export const LOGITS_TOLERANCE = 1e-3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The bench input, the same values as the script's: 0.5·sin(i) over the flat NCHW tensor. */
export function benchInput(batch: number, size: number): Float32Array {
  return new Float32Array(batch * 3 * size * size).map((_, i) => Math.sin(i) * 0.5);
}

/** One side of the comparison: `runs` passes at `batch`, each in ms. */
type Side = (batch: number, runs: number) => Promise<number[]>;

function ortSide(session: EngineSession, size: number): Side {
  const inputs = new Map<number, Float32Array>();
  const outputs = [session.outputNames[0]!];
  return async (batch, runs) => {
    if (!inputs.has(batch)) inputs.set(batch, benchInput(batch, size));
    const feeds = { [session.inputNames[0]!]: { data: inputs.get(batch)!, dims: [batch, 3, size, size] } };
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await session.run(feeds, outputs);
      ms.push(performance.now() - t0);
    }
    return ms;
  };
}

/** Both sides at one batch: a first run each, warm-up, then `runs` alternating timed runs. */
export async function interleave(
  a: Side,
  b: Side,
  batch: number,
  warmup: number,
  runs: number,
): Promise<[PeerTiming, PeerTiming]> {
  const first = [(await a(batch, 1))[0]!, (await b(batch, 1))[0]!];
  for (let i = 0; i < warmup; i++) {
    await a(batch, 1);
    await b(batch, 1);
  }
  const ms: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    ms[0].push(...(await a(batch, 1)));
    ms[1].push(...(await b(batch, 1)));
  }
  const timing = (k: 0 | 1): PeerTiming => ({ firstMs: first[k]!, medianMs: median(ms[k]), minMs: Math.min(...ms[k]) });
  return [timing(0), timing(1)];
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(m) ? Infinity : m;
}

/** The script's checks and logits and both sides' timings for one model → a row. */
export function peerRow(
  run: TorchRun,
  ortLogits: Float32Array,
  timings: { batch: number; runs: number; torch: PeerTiming; ort: PeerTiming }[],
): PeerRow {
  const row: PeerRow = { model: run.model, impl: run.impl, checks: run.checks, batches: [] };
  if (run.torchvisionVsPort !== undefined) row.torchvisionVsPort = run.torchvisionVsPort;
  if (run.error) return { ...row, error: run.error };
  if (run.logits) {
    row.logitsMaxAbsDiff = maxAbsDiff(run.logits, ortLogits);
    if (row.logitsMaxAbsDiff > LOGITS_TOLERANCE)
      return {
        ...row,
        error: `PyTorch and ORT logits differ by ${row.logitsMaxAbsDiff.toExponential(1)}: not compared`,
      };
  }
  row.batches = timings.map((t) => ({
    ...t,
    ratioMedian: t.torch.medianMs / t.ort.medianMs,
    ratioMin: t.torch.minMs / t.ort.minMs,
  }));
  return row;
}

export async function runTorchPeer(opts: TorchPeerOptions = {}): Promise<TorchPeerReport> {
  const python = opts.python ?? DEFAULT_TORCH_PYTHON;
  const probe = probeTorch(python);
  if (!probe.ok) return { status: 'skipped', reason: probe.reason };
  const log = opts.log ?? (() => undefined);
  const runs = opts.runs ?? 20;
  const bigBatch = opts.batch ?? 8;
  const batchRuns = opts.batchRuns ?? Math.max(3, Math.ceil(runs / 4));
  const warmup = opts.warmup ?? 3;
  const threads = opts.threads ?? defaultThreads();
  const batches = bigBatch > 1 ? [1, bigBatch] : [1];
  const engine = new OrtEngine();
  const dir = mkdtempSync(join(tmpdir(), 'splitlens-torch-peer-'));
  const rows: PeerRow[] = [];
  let head: TorchRun | undefined;
  try {
    for (const model of opts.models ?? [...HEADLINE_PRESETS]) {
      const [size] = inputHW(resolvePreset(model)); // presets are square
      const weights = join(dir, `${model}.safetensors`);
      const input = join(dir, `${model}.input.f32`);
      log(`${model}: writing a timm-layout checkpoint and building its ONNX`);
      writePresetCheckpoint(model, weights);
      const built = await buildModel({ spec: resolvePreset(model), weights, name: model });
      const session = await engine.load(withoutTaps(built.onnx), { providers: ['cpu'], intraOpThreads: threads });
      const args = ['--model', model, '--weights', weights, '--input', input, '--size', String(size)];
      args.push('--threads', String(threads));
      let torch: TorchServer | undefined;
      try {
        // The logits of the same input on both sides: the timed models must compute one function.
        const x = benchInput(1, size);
        writeFileSync(input, x);
        const feeds = { [session.inputNames[0]!]: { data: x, dims: [1, 3, size, size] } };
        const ortLogits = (await session.run(feeds, [session.outputNames[0]!]))[session.outputNames[0]!]!.data;
        torch = await startTorchServer(args, { python, log: (l) => log(`PyTorch ${l}`) });
        const timings: Parameters<typeof peerRow>[2] = [];
        if (!torch.run.error) {
          for (const batch of batches) {
            const n = batch === 1 ? runs : batchRuns;
            log(`${model}: batch ${batch}, ${n} runs alternating ORT and PyTorch, ${threads} threads each`);
            const [ort, eager] = await interleave(ortSide(session, size), torch.time, batch, warmup, n);
            timings.push({ batch, runs: n, torch: eager, ort });
          }
        }
        rows.push(peerRow(torch.run, ortLogits, timings));
        head ??= torch.run;
      } finally {
        await torch?.close();
        await session.release();
        rmSync(weights);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    status: 'measured',
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    python,
    torch: head?.torch ?? probe.torch,
    threads,
    ompWaitPolicy: head?.ompWaitPolicy ?? '',
    warmup,
    rows,
  };
}
