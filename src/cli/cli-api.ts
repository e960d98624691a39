/**
 * The CLI as the third host of the one Api (after Electron and serve): an in-process Api made by
 * `createApi` (host `cli`) that lists exactly the models the command names. What a name means is
 * decided once, by the Api's registry (`namedModel`: a file, a checkpoint or a zoo preset); the Api
 * opens it, loads it in its inference worker, runs photos (and `--tensor` inputs, `runTensor`) and
 * composes diagrams and SVG exports as it does for the app.
 */
import { basename } from 'node:path';
import type { ApiHandle } from '../api/create-api.js';
import { createApi } from '../api/create-api.js';
import type { ModelEntry } from '../api/contract.js';
import type { LoadedModel } from '../api/host-runs.js';
import { namedModel } from '../api/model-registry.js';
import { UserError, oneLine } from '../common/errors.js';
import type { ProviderName } from '../runtime/engine/engine.js';
import { isCheckpointPath } from '../checkpoint/index.js';
import { resolvePreset } from '../zoo/index.js';
import { statRegularFile } from '../platform/file-kind.js';
import { damagedWarning } from './load-models.js';

/** A model the command named, opened in the Api: its entry, and the names the CLI prints. */
export interface CliModel {
  entry: ModelEntry;
  /** As the user typed it (`--model`). */
  arg: string;
  /** The preset, or the file's name as given (`timm__resnest50d.onnx`): diagram titles. */
  name: string;
}

/**
 * Runs `use` with an in-process Api holding the named models (bad names fail before any work),
 * and disposes of it (and its inference worker) afterwards.
 */
export async function withCliApi<T>(
  names: string[],
  opts: { providers?: ProviderName[] | undefined },
  use: (api: ApiHandle, models: CliModel[]) => Promise<T>,
): Promise<T> {
  const named = names.map((n) => [n, namedModel(n)] as const);
  for (const [, m] of named)
    if ('path' in m) statRegularFile(m.path, isCheckpointPath(m.path) ? 'checkpoint file' : 'ONNX file');
  const zoo = named.flatMap(([, m]) => ('preset' in m ? [{ preset: m.preset, spec: resolvePreset(m.preset) }] : []));
  const api = createApi({ host: 'cli', zoo, ...(opts.providers ? { inference: { providers: opts.providers } } : {}) });
  try {
    const listed = await api.listModels();
    const models: CliModel[] = [];
    for (const [arg, m] of named) {
      if ('preset' in m) models.push({ entry: listed.find((e) => e.id === m.preset)!, arg, name: arg });
      else models.push({ entry: await api.openModel({ kind: 'path', path: m.path }), arg, name: basename(arg) });
    }
    return await use(api, models);
  } finally {
    await api.dispose();
  }
}

/**
 * Loads every model now, in order, so a model that cannot load fails the command before any photo
 * (one line naming it); a damaged cached checkpoint (the model then runs untrained) is a one-line
 * warning, and each provider fallback one note. Returns each model's load by entry id.
 */
export async function loadCliModels(api: ApiHandle, models: CliModel[]): Promise<Map<string, LoadedModel>> {
  const loads = new Map<string, LoadedModel>();
  const notes = new Set<string>();
  for (const { entry, arg } of models) {
    const warning = entry.preset ? damagedWarning(arg, entry.preset) : undefined;
    if (warning) process.stderr.write(warning + '\n');
    const loaded = await api.loadModel(entry.id).catch((e: unknown) => {
      if (e instanceof UserError) throw e;
      throw new UserError(`${arg}: cannot load model (${oneLine(e)})`);
    });
    for (const f of loaded.fallbacks) notes.add(`note: ${f} — using ${loaded.provider}`);
    loads.set(entry.id, loaded);
  }
  for (const n of notes) process.stderr.write(n + '\n');
  return loads;
}
