/**
 * The models the app knows: the five headline zoo presets (built in memory, timm weights when the
 * checkpoint is cached, else seeded random weights labelled untrained) and any ONNX file the user
 * opened. Each record lazily reads/analyses its graph (enough for diagrams, even with weights
 * stripped) and lazily plans its inference (taps and CAM head exposed as outputs).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelEntry } from './contract.js';
import type { Analysis } from '../core/model.js';
import { UserError } from '../core/errors.js';
import { decodeModel, readOnnx, type OnnxModel } from '../onnx/index.js';
import { analyzeOnnx } from '../analysis/index.js';
import { buildGraph, buildModel, familyOf, resolvePreset, specFromTimmKwargs, specParamCount, HEADLINE_PRESETS, type ResNetSpec } from '../zoo/index.js';
import { checkpointFor, findCachedCheckpoint } from '../weights/index.js';
import { configFromTimm } from '../runtime/preprocess.js';
import { planModel, type ModelPlan } from '../runtime/model-plan.js';

/** Where a zoo record's spec and weights come from. */
export interface ZooModel {
  preset: string;
  spec: ResNetSpec;
  /** A safetensors file to load instead of the cached timm checkpoint (tests, custom runs). */
  weights?: string;
}

export interface ModelRecord {
  entry: ModelEntry;
  /** The graph and its analysis (no weights needed). */
  graph(): Promise<{ model: OnnxModel; analysis: Analysis }>;
  /** What the inference service loads. */
  plan(): Promise<ModelPlan>;
  /** Forget built artefacts (after new weights arrive). */
  reset(): void;
}

const SEED = 0;

function memo<T>(make: () => Promise<T>): { get(): Promise<T>; reset(): void } {
  let p: Promise<T> | undefined;
  return {
    get() {
      if (!p) {
        p = make();
        p.catch(() => (p = undefined));
      }
      return p;
    },
    reset() {
      p = undefined;
    },
  };
}

function zooRecord(z: ZooModel): ModelRecord {
  const checkpoint = checkpointFor(z.preset);
  const cachedWeights = (): string | undefined =>
    z.weights ?? (checkpoint ? findCachedCheckpoint(checkpoint.hfId) : undefined);
  const entry: ModelEntry = {
    id: z.preset,
    label: z.preset,
    family: familyOf(z.spec),
    source: 'zoo',
    preset: z.preset,
    weights: cachedWeights() ? 'pretrained' : 'untrained',
    params: specParamCount(z.spec),
  };
  // Diagrams need only the graph: built without weights, they show at once.
  const graph = memo(async () => {
    const model = await readOnnx(buildGraph(z.spec, z.preset));
    const analysis = analyzeOnnx(model);
    entry.macs = analysis.macs;
    return { model, analysis };
  });
  // Only the plan is kept (the inference service reloads from it after a worker crash): the
  // built bytes it was made from are dropped, one ~100 MB copy per model less.
  const plan = memo(async () => {
    const weights = cachedWeights();
    const b = await buildModel({ spec: z.spec, name: z.preset, seed: SEED, ...(weights ? { weights } : {}) });
    entry.weights = b.weights;
    return planModel(b.onnx, {
      name: z.preset,
      weights: b.weights,
      ...(checkpoint && !z.weights ? { preprocess: configFromTimm(checkpoint.config) } : {}),
    });
  });
  return {
    entry,
    graph: graph.get,
    plan: plan.get,
    reset() {
      plan.reset();
      entry.weights = cachedWeights() ? 'pretrained' : 'untrained';
    },
  };
}

function fileRecord(name: string, source: { path: string } | { bytes: Uint8Array }, model: OnnxModel, analysis: Analysis): ModelRecord {
  const entry: ModelEntry = {
    id: `file:${randomUUID()}`,
    label: name.replace(/\.onnx$/i, ''),
    family: analysis.family,
    source: 'file',
    weights: 'pretrained',
    params: analysis.params,
    macs: analysis.macs,
    fileName: name,
  };
  const plan = memo(() => planModel('path' in source ? source.path : source.bytes, { name }));
  return {
    entry,
    graph: async () => ({ model, analysis }),
    plan: plan.get,
    reset: plan.reset,
  };
}

/** The fixtures' tiny timm models standing in for the five headline models (tests, demos). */
export function tinyZoo(tinyDir: string): ZooModel[] {
  const map: Record<string, string> = {
    resnet50: 'tiny_resnet',
    resnext50_32x4d: 'tiny_resnext',
    seresnet50: 'tiny_seresnet',
    skresnext50_32x4d: 'tiny_skresnext',
    resnest50d: 'tiny_resnest',
  };
  return Object.entries(map).map(([preset, dir]) => {
    const ref = JSON.parse(readFileSync(join(tinyDir, dir, 'ref.json'), 'utf8')) as { spec: unknown };
    return { preset, spec: specFromTimmKwargs(ref.spec, { inputSize: 64 }), weights: join(tinyDir, dir, 'model.safetensors') };
  });
}

export function headlineZoo(): ZooModel[] {
  return HEADLINE_PRESETS.map((preset) => ({ preset, spec: resolvePreset(preset) }));
}

export class ModelRegistry {
  private readonly records = new Map<string, ModelRecord>();

  constructor(zoo: ZooModel[]) {
    for (const z of zoo) {
      const r = zooRecord(z);
      this.records.set(r.entry.id, r);
    }
  }

  list(): ModelEntry[] {
    return [...this.records.values()].map((r) => ({ ...r.entry }));
  }

  get(id: string): ModelRecord {
    const r = this.records.get(id);
    if (!r) throw new UserError(`unknown model '${id}'`);
    return r;
  }

  /** Read and analyse a user's ONNX file; it joins the list. */
  async addFile(name: string, source: { path: string } | { bytes: Uint8Array }): Promise<ModelEntry> {
    // An upload has no path: its errors name the file the user picked, not "ONNX bytes".
    const model = 'path' in source ? await readOnnx(source.path) : decodeModel(source.bytes, name);
    const analysis = analyzeOnnx(model);
    const r = fileRecord(name, source, model, analysis);
    this.records.set(r.entry.id, r);
    return { ...r.entry };
  }
}
