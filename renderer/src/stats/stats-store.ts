/**
 * Statistics domain: the photo set and models chosen for a run, the last stats and scale reports
 * (kept when a run is cancelled: partial results), the run in progress and its progress.
 */
import { create } from 'zustand';
import type { ScaleReport, StatsReport } from '../../../src/api/contract';

export type RunKind = 'stats' | 'scale';

interface StatsState {
  /** Chosen photos (image ids); undefined = every photo the window knows. */
  imageIds?: string[];
  /** Chosen models; undefined = every listed model. */
  modelIds?: string[];
  zooms: string;
  stats?: StatsReport;
  scale?: ScaleReport;
  /** The photo ids of the reports, in report order (for the photo × block matrix's links). */
  statsImages: string[];
  running?: { kind: RunKind; taskId: string; done: number; total: number; message?: string };
  /** Which model's figures are shown. */
  model?: string;
  setImages(ids: string[] | undefined): void;
  setModels(ids: string[] | undefined): void;
  setZooms(zooms: string): void;
  setModel(model: string): void;
  started(kind: RunKind, taskId: string, total: number): void;
  progress(taskId: string, done: number, total: number, message?: string): void;
  finished(kind: RunKind, report: StatsReport | ScaleReport | undefined, imageIds: string[]): void;
}

export const useStatsStore = create<StatsState>()((set) => ({
  zooms: '1,1.5,2',
  statsImages: [],
  setImages: (imageIds) => set({ imageIds }),
  setModels: (modelIds) => set({ modelIds }),
  setZooms: (zooms) => set({ zooms }),
  setModel: (model) => set({ model }),
  started: (kind, taskId, total) => set({ running: { kind, taskId, done: 0, total } }),
  progress: (taskId, done, total, message) =>
    set((s) => (s.running?.taskId === taskId ? { running: { ...s.running, done, total, message } } : {})),
  finished: (kind, report, imageIds) =>
    set((s) => ({
      running: undefined,
      ...(report && kind === 'stats' ? { stats: report as StatsReport, statsImages: imageIds } : {}),
      ...(report && kind === 'scale' ? { scale: report as ScaleReport } : {}),
      model:
        s.model ??
        report?.models.find((m) => m.blocks.some((b) => 'entropy' in b && b.entropy))?.model ??
        report?.models.find((m) => m.blocks.length)?.model,
    })),
}));
