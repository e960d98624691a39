/** The CLI commands' model loading (predict, attention, diagram --image). */
import type { WeightState } from '../api/contract.js';
import { UserError, oneLine } from '../common/errors.js';
import type { InferenceService } from '../runtime/worker/inference-service.js';
import { modelTarget } from '../runtime/engine/model-sources.js';

/**
 * Opens every model the user named (`--model`: a file or a zoo preset) in the inference worker, without
 * a CAM head, printing each provider fallback once as a one-line note. Returns each model's weights.
 */
export async function loadModels(service: InferenceService, names: string[]): Promise<Map<string, WeightState>> {
  const weights = new Map<string, WeightState>();
  const notes = new Set<string>();
  const targets = names.map((n) => [n, modelTarget(n)] as const); // bad names fail before any work
  for (const [name, target] of targets) {
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
