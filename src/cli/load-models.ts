/**
 * How the CLI loads the models a command names (through the in-process Api, `cli-api.ts`): in
 * order, each load error one line naming the model, a one-line warning for a damaged cached
 * checkpoint (the model then runs untrained), and each provider fallback once as a note.
 */
import { UserError, oneLine } from '../common/errors.js';
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
