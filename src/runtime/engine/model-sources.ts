/**
 * What the inference worker opens (a `ModelTarget`; which one a name means is decided by the Api's
 * model registry, `namedModel`) → a loadable model plan: an ONNX file (taps added by the analyzer),
 * a zoo preset built in memory (timm weights when the checkpoint is cached, else seeded random
 * weights, labelled untrained) with its checkpoint's eval transform, or a PyTorch/safetensors
 * checkpoint. What the zoo builds is kept in the disk cache (`model-cache.ts`).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../../common/errors.js';
import { nonFileKind } from '../../common/file-kinds.js';
import { buildModel, resolvePreset, type ResNetSpec } from '../../zoo/index.js';
import { checkpointFor, findCachedCheckpoint } from '../../weights/index.js';
import { configFromTimm, type PreprocessConfig } from '../image/preprocess.js';
import { planModel, type ModelPlan } from './model-plan.js';
import { buildCheckpoint, inspectCheckpoint } from '../../checkpoint/index.js';
import { cachedPlan, fileIdentity, type CachedPlan } from './model-cache.js';
import type { ModelTarget } from './model-runner.js';

export interface SourceOptions {
  /** Add the CAM head's features (for saliency); costs a re-serialisation of the model. */
  saliency?: boolean;
  /** Seed of untrained presets (default 0). */
  seed?: number;
  /** The disk cache's folder for built models (default: the user's; tests pass their own). */
  cacheDir?: string;
}

/** A spec the zoo builds, with a weights file (safetensors) or seeded random weights. */
export interface ZooBuild {
  spec: ResNetSpec;
  name: string;
  weights?: string;
  seed?: number;
  preprocess?: PreprocessConfig;
}

/** A zoo build, from the disk cache when it was built before with the same inputs. */
export function zooPlan(z: ZooBuild, opts: SourceOptions = {}): Promise<CachedPlan> {
  const seed = z.seed ?? opts.seed ?? 0;
  const inputs = () => ({
    kind: 'zoo',
    spec: z.spec,
    name: z.name,
    weights: z.weights ? fileIdentity(z.weights) : { seed },
    saliency: opts.saliency !== false,
    preprocess: z.preprocess ?? null,
  });
  const build = async (): Promise<ModelPlan> => {
    const built = await buildModel({ spec: z.spec, name: z.name, seed, ...(z.weights ? { weights: z.weights } : {}) });
    return planModel(built.onnx, {
      name: z.name,
      weights: built.weights,
      saliency: opts.saliency,
      ...(z.preprocess ? { preprocess: z.preprocess } : {}),
    });
  };
  return cached(inputs, build, opts);
}

/**
 * Through the cache, unless the inputs cannot be identified (a weights file that is missing or
 * unreadable): then the build runs and reports the problem in its own words.
 */
function cached(inputs: () => unknown, build: () => Promise<ModelPlan>, opts: SourceOptions): Promise<CachedPlan> {
  let key: unknown;
  try {
    key = inputs();
  } catch {
    return build().then((plan) => ({ plan, cache: 'built' as const, evict: () => undefined }));
  }
  return cachedPlan(key, build, ...(opts.cacheDir !== undefined ? [opts.cacheDir] : []));
}

/** A zoo preset: pretrained when its cached timm checkpoint is verified, untrained otherwise (absent or damaged). */
export function cachedPresetPlan(preset: string, opts: SourceOptions = {}): Promise<CachedPlan> {
  const spec = resolvePreset(preset);
  const checkpoint = checkpointFor(preset);
  const cached = checkpoint ? findCachedCheckpoint(checkpoint.hfId) : undefined;
  return zooPlan(
    {
      spec,
      name: preset,
      ...(cached ? { weights: cached } : {}),
      // The zoo's graph takes any size: run at timm's test-time size where the cfg gives one.
      ...(checkpoint ? { preprocess: configFromTimm(checkpoint.config, { useTestSize: true }) } : {}),
    },
    opts,
  );
}

export async function presetPlan(preset: string, opts: SourceOptions = {}): Promise<ModelPlan> {
  return (await cachedPresetPlan(preset, opts)).plan;
}

/** An ONNX file by path. */
export async function filePlan(path: string, opts: SourceOptions = {}): Promise<ModelPlan> {
  if (!existsSync(path)) throw new UserError(`${path}: no such file`);
  const kind = nonFileKind(statSync(path));
  if (kind) throw new UserError(`${path}: is ${kind}, not an ONNX file`);
  // Exports are often all called model.onnx: name them by their folder then.
  const name = /^model\.onnx$/i.test(basename(path))
    ? `${basename(dirname(resolve(path)))}/${basename(path)}`
    : basename(path);
  // A file named after a timm model (`resnest50d.onnx`, `timm__resnest50d.onnx`) gets its checkpoint's transform.
  const stem = basename(path)
    .replace(/\.onnx$/i, '')
    .replace(/^timm__/, '');
  const checkpoint = checkpointFor(stem);
  return planModel(path, {
    name,
    weights: 'pretrained',
    saliency: opts.saliency,
    ...(checkpoint ? { preprocess: configFromTimm(checkpoint.config) } : {}),
  });
}

/** A PyTorch/safetensors checkpoint: its spec inferred (or `timmSpec`), built by the zoo, labels from it. */
export function cachedCheckpointPlan(
  path: string,
  opts: SourceOptions & { timmSpec?: unknown } = {},
): Promise<CachedPlan> {
  const inputs = () => ({
    kind: 'checkpoint',
    file: fileIdentity(path),
    timmSpec: opts.timmSpec ?? null,
    saliency: opts.saliency !== false,
  });
  const build = async (): Promise<ModelPlan> => {
    const ck = inspectCheckpoint(path, { timmSpec: opts.timmSpec });
    const built = await buildCheckpoint(ck);
    return planModel(built.onnx, {
      name: ck.name,
      weights: 'pretrained',
      saliency: opts.saliency,
      ...(ck.inferred.labels ? { labels: ck.inferred.labels } : {}),
    });
  };
  return cached(inputs, build, opts);
}

export async function checkpointPlan(
  path: string,
  opts: SourceOptions & { timmSpec?: unknown } = {},
): Promise<ModelPlan> {
  return (await cachedCheckpointPlan(path, opts)).plan;
}

/** Not cached: a plan that is the model as given. */
const uncached = (plan: ModelPlan): CachedPlan => ({ plan, cache: 'built', evict: () => undefined });

/** What the runner opens: zoo builds and checkpoints through the disk cache, ONNX files and bytes as they are. */
export async function targetPlan(target: ModelTarget, opts: SourceOptions = {}): Promise<CachedPlan> {
  if ('preset' in target) return cachedPresetPlan(target.preset, { ...opts, seed: target.seed });
  if ('build' in target) return zooPlan(target.build, opts);
  if ('checkpoint' in target) return cachedCheckpointPlan(target.checkpoint, { ...opts, timmSpec: target.timmSpec });
  if ('file' in target) return uncached(await filePlan(target.file, opts));
  const { bytes, name, labels, weights } = target;
  const extra = { ...(labels ? { labels } : {}), ...(weights ? { weights } : {}) };
  return uncached(await planModel(bytes, { name, saliency: opts.saliency, ...extra }));
}
