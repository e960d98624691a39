/**
 * Results domain: what the Api computed, cached by `imageId|modelId` (predictions, attention,
 * saliency) or `modelId|expanded blocks` (diagrams), plus live progress per model.
 */
import { create } from 'zustand';
import type { AttentionResponse, Diagram, ModelPrediction, SaliencyMap } from '../../../src/api/contract';

export interface ModelProgress {
  state: 'queued' | 'running' | 'done' | 'error';
  done: number;
  total: number;
  message?: string;
}

export const resultKey = (imageId: string, modelId: string): string => `${imageId}|${modelId}`;
/** A class activation map: the top class's under the result key, another class's under `key#class`. */
export const saliencyKey = (imageId: string, modelId: string, classIndex?: number): string =>
  resultKey(imageId, modelId) + (classIndex === undefined ? '' : `#${classIndex}`);
export const diagramKey = (modelId: string, expanded: readonly string[]): string =>
  `${modelId}|${[...expanded].sort().join(',')}`;

interface ResultsState {
  predictions: Record<string, ModelPrediction>;
  progress: Record<string, ModelProgress>;
  attention: Record<string, AttentionResponse>;
  saliency: Record<string, SaliencyMap>;
  /** The class whose CAM each (photo, model) shows, chosen in its top-5 (absent: the top class). */
  saliencyClass: Record<string, number>;
  diagrams: Record<string, Diagram>;
  /** Errors per result key, one line each. */
  errors: Record<string, string>;
  setPrediction(key: string, p: ModelPrediction): void;
  setProgress(modelId: string, p: ModelProgress): void;
  setAttention(key: string, a: AttentionResponse): void;
  setSaliency(key: string, s: SaliencyMap): void;
  setSaliencyClass(key: string, classIndex: number | undefined): void;
  setDiagram(key: string, d: Diagram): void;
  setError(key: string, message: string | undefined): void;
  /** Drop every cached result of one model (its weights changed). */
  forgetModel(modelId: string): void;
}

export const useResultsStore = create<ResultsState>()((set) => ({
  predictions: {},
  progress: {},
  attention: {},
  saliency: {},
  saliencyClass: {},
  diagrams: {},
  errors: {},
  setPrediction: (key, p) => set((s) => ({ predictions: { ...s.predictions, [key]: p } })),
  setProgress: (modelId, p) => set((s) => ({ progress: { ...s.progress, [modelId]: p } })),
  setAttention: (key, a) => set((s) => ({ attention: { ...s.attention, [key]: a } })),
  setSaliency: (key, m) => set((s) => ({ saliency: { ...s.saliency, [key]: m } })),
  setSaliencyClass: (key, classIndex) =>
    set((s) => {
      const saliencyClass = { ...s.saliencyClass };
      if (classIndex === undefined) delete saliencyClass[key];
      else saliencyClass[key] = classIndex;
      return { saliencyClass };
    }),
  setDiagram: (key, d) => set((s) => ({ diagrams: { ...s.diagrams, [key]: d } })),
  setError: (key, message) =>
    set((s) => {
      const errors = { ...s.errors };
      if (message === undefined) delete errors[key];
      else errors[key] = message;
      return { errors };
    }),
  forgetModel: (modelId) =>
    set((s) => {
      const keep = <T>(m: Record<string, T>) =>
        Object.fromEntries(Object.entries(m).filter(([k]) => k.replace(/#\d+$/, '').split('|')[1] !== modelId));
      return { predictions: keep(s.predictions), attention: keep(s.attention), saliency: keep(s.saliency) };
    }),
}));
