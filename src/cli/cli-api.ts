/**
 * The CLI as the third host of the one Api (after Electron and serve): an in-process Api made by
 * `createApi` (host `cli`) that lists exactly the models the command names. What a name means is
 * decided once (`modelTarget`: a file, a checkpoint or a zoo preset); the Api's registry opens it
 * and composes diagrams and SVG exports as it does for the app.
 */
import { basename, resolve } from 'node:path';
import type { ApiHandle } from '../api/create-api.js';
import { createApi } from '../api/create-api.js';
import type { ModelEntry } from '../api/contract.js';
import { modelTarget } from '../runtime/engine/model-sources.js';
import type { ProviderName } from '../runtime/engine/engine.js';
import { resolvePreset } from '../zoo/index.js';
import { statRegularFile } from '../platform/file-kind.js';

/** A model the command named, opened in the Api: its entry, and the name the CLI prints. */
export interface CliModel {
  entry: ModelEntry;
  /** The preset, or the file's name as given (`timm__resnest50d.onnx`). */
  name: string;
}

/**
 * Runs `use` with an in-process Api holding the named models (bad names fail before any work),
 * and disposes of it (and its inference worker) afterwards.
 */
export async function withCliApi<T>(
  names: string[],
  opts: { providers?: ProviderName[] },
  use: (api: ApiHandle, models: CliModel[]) => Promise<T>,
): Promise<T> {
  const targets = names.map((n) => [n, modelTarget(n)] as const);
  for (const [, t] of targets) {
    if ('file' in t) statRegularFile(t.file, 'ONNX file');
    if ('checkpoint' in t) statRegularFile(t.checkpoint, 'checkpoint file');
  }
  const zoo = targets.flatMap(([, t]) => ('preset' in t ? [{ preset: t.preset, spec: resolvePreset(t.preset) }] : []));
  const api = createApi({ host: 'cli', zoo, ...(opts.providers ? { inference: { providers: opts.providers } } : {}) });
  try {
    const listed = await api.listModels();
    const models: CliModel[] = [];
    for (const [name, t] of targets) {
      if ('preset' in t) models.push({ entry: listed.find((m) => m.id === t.preset)!, name });
      else {
        const path = resolve('file' in t ? t.file : t.checkpoint);
        models.push({ entry: await api.openModel({ kind: 'path', path }), name: basename(name) });
      }
    }
    return await use(api, models);
  } finally {
    await api.dispose();
  }
}
