/**
 * Model loading of the CLI commands that stream photos through their own inference service
 * (`stats`, `scale`; the others load through the in-process Api, `cli-api.ts`), and the one-line
 * warning every command gives for a damaged cached checkpoint.
 */
import type { WeightState } from '../api/contract.js';
import { namedModel } from '../api/model-registry.js';
import type { ModelTarget } from '../runtime/engine/model-runner.js';
import { isCheckpointPath } from '../checkpoint/index.js';
import { UserError, oneLine } from '../common/errors.js';
import type { InferenceService } from '../runtime/worker/inference-service.js';
import { checkpointFor, damagedNote, inspectCheckpoint } from '../weights/index.js';

/** A preset whose cached checkpoint is damaged runs untrained (as the worker decides): say so, once. */
export function damagedWarning(name: string, preset: string): string | undefined {
  const ck = checkpointFor(preset);
  const cached = ck ? inspectCheckpoint(ck.hfId) : undefined;
  if (!ck || cached?.state !== 'damaged') return undefined;
  return `warning: ${name}: ${damagedNote(preset, ck.hfId, cached.problem, 'running it with untrained weights')}`;
}

/** What the worker opens for a named model: a preset, an ONNX file, or a checkpoint it builds (disk-cached). */
function namedTarget(arg: string): ModelTarget {
  const m = namedModel(arg);
  if ('preset' in m) return m;
  return isCheckpointPath(m.path) ? { checkpoint: m.path } : { file: m.path };
}

/**
 * Opens every model the user named (`--model`: a file or a zoo preset) in the inference worker, without
 * a CAM head, printing each provider fallback once as a one-line note and a one-line warning for a
 * damaged cached checkpoint (the model then runs untrained). Returns each model's weights.
 */
export async function loadModels(service: InferenceService, names: string[]): Promise<Map<string, WeightState>> {
  const weights = new Map<string, WeightState>();
  const notes = new Set<string>();
  const targets = names.map((n) => [n, namedTarget(n)] as const); // bad names fail before any work
  for (const [name, target] of targets) {
    const warning = 'preset' in target ? damagedWarning(name, target.preset) : undefined;
    if (warning) process.stderr.write(warning + '\n');
    const model = await service.open(name, target, { saliency: false }).catch((e: unknown) => {
      if (e instanceof UserError) throw e;
      throw new UserError(`${name}: cannot load model (${oneLine(e)})`);
    });
    const { info } = model;
    for (const f of info.fallbacks) notes.add(`note: ${f} — using ${info.provider}`);
    weights.set(name, model.weights);
  }
  for (const n of notes) process.stderr.write(n + '\n');
  return weights;
}
