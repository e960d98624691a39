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
import type { OpenedModel } from '../runtime/engine/model-meta.js';
import { namedModel } from '../api/model-registry.js';
import type { ProviderName } from '../runtime/engine/engine.js';
import { isCheckpointPath } from '../checkpoint/index.js';
import { resolvePreset } from '../zoo/index.js';
import { statRegularFile } from '../platform/file-kind.js';
import { loadEach } from './load-models.js';

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
  // No CAM head: no command reads saliency maps.
  const inference = opts.providers ? { inference: { providers: opts.providers } } : {};
  const api = createApi({ host: 'cli', zoo, saliency: false, ...inference });
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

/** Loads every model now (`loadEach`: a model that cannot load fails the command before any photo); by entry id. */
export async function loadCliModels(api: ApiHandle, models: CliModel[]): Promise<Map<string, OpenedModel>> {
  const toLoad = models.map((m) => ({ arg: m.arg, preset: m.entry.preset, id: m.entry.id }));
  const opened = await loadEach(toLoad, (m) => api.loadModel(m.id));
  return new Map(opened.map((o, i) => [toLoad[i]!.id, o]));
}
