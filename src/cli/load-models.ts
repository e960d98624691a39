/**
 * How the CLI loads the models a command names, whichever way it runs them: in order, each load
 * error one line naming the model, a one-line warning for a damaged cached checkpoint (the model
 * then runs untrained), and each provider fallback once as a note. `stats` and `scale` stream
 * photos through their own inference service (`loadModels`); the other commands load through the
 * in-process Api (`cli-api.ts`).
 */
import type { WeightState } from '../api/contract.js';
import { namedTarget } from '../api/model-registry.js';
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

/** A model to load: as the user named it, and its zoo preset if it is one. */
export interface ModelToLoad {
  arg: string;
  preset?: string | undefined;
}

/** Loads each model in order (see the file's header); the loads, in the same order. */
export async function loadEach<M extends ModelToLoad, T extends { info: { provider: string; fallbacks: string[] } }>(
  models: readonly M[],
  load: (m: M) => Promise<T>,
): Promise<T[]> {
  const out: T[] = [];
  const notes = new Set<string>();
  for (const m of models) {
    const warning = m.preset ? damagedWarning(m.arg, m.preset) : undefined;
    if (warning) process.stderr.write(warning + '\n');
    const loaded = await load(m).catch((e: unknown) => {
      if (e instanceof UserError) throw e;
      throw new UserError(`${m.arg}: cannot load model (${oneLine(e)})`);
    });
    for (const f of loaded.info.fallbacks) notes.add(`note: ${f} — using ${loaded.info.provider}`);
    out.push(loaded);
  }
  for (const n of notes) process.stderr.write(n + '\n');
  return out;
}

/**
 * Opens every model the user named (`--model`: a file or a zoo preset) in `service` under that
 * name, without a CAM head. Returns each model's weights.
 */
export async function loadModels(service: InferenceService, names: string[]): Promise<Map<string, WeightState>> {
  // Bad names fail before any work.
  const models = names.map((arg) => {
    const target = namedTarget(arg);
    return { arg, target, preset: 'preset' in target ? target.preset : undefined };
  });
  const opened = await loadEach(models, (m) => service.open(m.arg, m.target, { saliency: false }));
  return new Map(opened.map((o, i) => [names[i]!, o.weights]));
}
