/**
 * Models domain: the listed models (zoo + user-opened files) as the Api lists them, the names the
 * user gave some of them, the list as shown (renamed, same-named files told apart) and their
 * analyses, by model id. `loaded` stays false until the first list arrives.
 */
import { create } from 'zustand';
import type { Analysis, ModelEntry } from '../../../src/api/contract';
import { displayLabels } from '../lib/model-labels';

interface ModelsState {
  /** As shown: with the user's names and same-named files disambiguated. */
  models: ModelEntry[];
  /** As the Api listed them. */
  listed: ModelEntry[];
  /** Names the user gave, by model id. */
  names: Record<string, string>;
  loaded: boolean;
  analyses: Record<string, Analysis>;
  setModels(models: ModelEntry[]): void;
  upsertModel(model: ModelEntry): void;
  patchModel(id: string, patch: Partial<ModelEntry>): void;
  removeModel(id: string): void;
  /** A name for the model; empty or undefined restores its own. */
  rename(id: string, name: string | undefined): void;
  setNames(names: Record<string, string>): void;
  setAnalysis(id: string, analysis: Analysis): void;
}

const shown = (listed: ModelEntry[], names: Record<string, string>) => ({
  listed,
  names,
  models: displayLabels(listed, names),
});

export const useModelsStore = create<ModelsState>()((set) => ({
  models: [],
  listed: [],
  names: {},
  loaded: false,
  analyses: {},
  setModels: (models) => set((s) => ({ ...shown(models, s.names), loaded: true })),
  upsertModel: (model) =>
    set((s) => {
      const i = s.listed.findIndex((m) => m.id === model.id);
      const listed = s.listed.slice();
      if (i < 0) listed.push(model);
      else listed[i] = model;
      return shown(listed, s.names);
    }),
  patchModel: (id, patch) =>
    set((s) =>
      shown(
        s.listed.map((m) => (m.id === id ? { ...m, ...patch } : m)),
        s.names,
      ),
    ),
  removeModel: (id) =>
    set((s) => {
      const { [id]: _gone, ...names } = s.names;
      return shown(
        s.listed.filter((m) => m.id !== id),
        names,
      );
    }),
  rename: (id, name) =>
    set((s) => {
      const { [id]: _old, ...names } = s.names;
      const trimmed = name?.trim();
      return shown(s.listed, trimmed ? { ...names, [id]: trimmed } : names);
    }),
  setNames: (names) => set((s) => shown(s.listed, names)),
  setAnalysis: (id, analysis) => set((s) => ({ analyses: { ...s.analyses, [id]: analysis } })),
}));

export const modelById = (id: string | undefined): ModelEntry | undefined =>
  useModelsStore.getState().models.find((m) => m.id === id);
