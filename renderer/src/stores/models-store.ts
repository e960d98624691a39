/** Models domain: the listed models (zoo + user-opened ONNX) and their analyses, by model id. */
import { create } from 'zustand';
import type { Analysis, ModelEntry } from '../../../src/api/contract';

interface ModelsState {
  models: ModelEntry[];
  analyses: Record<string, Analysis>;
  setModels(models: ModelEntry[]): void;
  upsertModel(model: ModelEntry): void;
  patchModel(id: string, patch: Partial<ModelEntry>): void;
  setAnalysis(id: string, analysis: Analysis): void;
}

export const useModelsStore = create<ModelsState>()((set) => ({
  models: [],
  analyses: {},
  setModels: (models) => set({ models }),
  upsertModel: (model) =>
    set((s) => {
      const i = s.models.findIndex((m) => m.id === model.id);
      if (i < 0) return { models: [...s.models, model] };
      const models = s.models.slice();
      models[i] = model;
      return { models };
    }),
  patchModel: (id, patch) => set((s) => ({ models: s.models.map((m) => (m.id === id ? { ...m, ...patch } : m)) })),
  setAnalysis: (id, analysis) => set((s) => ({ analyses: { ...s.analyses, [id]: analysis } })),
}));

export const modelById = (id: string | undefined): ModelEntry | undefined =>
  useModelsStore.getState().models.find((m) => m.id === id);
