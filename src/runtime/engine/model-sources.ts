/**
 * What a user names on the command line or in the app → a loadable model plan: an ONNX file (taps
 * added by the analyzer) or a zoo preset built in memory (timm weights when the checkpoint is cached,
 * else seeded random weights, labelled untrained) with its checkpoint's eval transform.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../../common/errors.js';
import { nonFileKind } from '../../common/file-kinds.js';
import { buildModel, resolvePreset, PRESETS } from '../../zoo/index.js';
import { checkpointFor, findCachedCheckpoint } from '../../weights/index.js';
import { configFromTimm } from '../image/preprocess.js';
import { planModel, type ModelPlan } from './model-plan.js';
import { buildCheckpoint, inspectCheckpoint, isCheckpointPath } from '../../checkpoint/index.js';
import type { ModelTarget } from './model-runner.js';

export interface SourceOptions {
  /** Add the CAM head's features (for saliency); costs a re-serialisation of the model. */
  saliency?: boolean;
  /** Seed of untrained presets (default 0). */
  seed?: number;
}

/** A zoo preset: pretrained when its cached timm checkpoint is verified, untrained otherwise (absent or damaged). */
export async function presetPlan(preset: string, opts: SourceOptions = {}): Promise<ModelPlan> {
  const spec = resolvePreset(preset);
  const checkpoint = checkpointFor(preset);
  const cached = checkpoint ? findCachedCheckpoint(checkpoint.hfId) : undefined;
  const built = await buildModel({ spec, name: preset, seed: opts.seed, ...(cached ? { weights: cached } : {}) });
  return planModel(built.onnx, {
    name: preset,
    weights: built.weights,
    saliency: opts.saliency,
    // The zoo's graph takes any size: run at timm's test-time size where the cfg gives one.
    ...(checkpoint ? { preprocess: configFromTimm(checkpoint.config, { useTestSize: true }) } : {}),
  });
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

/** A PyTorch/safetensors checkpoint: its spec inferred (or `timmSpec`), built in memory, labels from it. */
export async function checkpointPlan(
  path: string,
  opts: SourceOptions & { timmSpec?: unknown } = {},
): Promise<ModelPlan> {
  const ck = inspectCheckpoint(path, { timmSpec: opts.timmSpec });
  const built = await buildCheckpoint(ck);
  return planModel(built.onnx, {
    name: ck.name,
    weights: 'pretrained',
    saliency: opts.saliency,
    ...(ck.inferred.labels ? { labels: ck.inferred.labels } : {}),
  });
}

/** `--model` accepts an existing file (ONNX or a checkpoint; or a name ending in .onnx), else a preset name. */
export function modelTarget(
  arg: string,
): Extract<ModelTarget, { file: string } | { preset: string } | { checkpoint: string }> {
  if (isCheckpointPath(arg)) {
    if (!existsSync(arg)) throw new UserError(`${arg}: no such file`);
    return { checkpoint: resolve(arg) };
  }
  if (existsSync(arg) || /\.onnx$/i.test(arg)) {
    if (!existsSync(arg)) throw new UserError(`${arg}: no such file`);
    return { file: resolve(arg) };
  }
  if (arg in PRESETS) return { preset: arg };
  throw new UserError(`${arg}: neither an ONNX file nor a zoo model (${Object.keys(PRESETS).join(', ')})`);
}

export async function resolveModel(arg: string, opts: SourceOptions = {}): Promise<ModelPlan> {
  const target = modelTarget(arg);
  if ('checkpoint' in target) return checkpointPlan(target.checkpoint, opts);
  return 'preset' in target ? presetPlan(target.preset, opts) : filePlan(target.file, opts);
}
