/**
 * Playground domain: the variant being edited (a preset or a loaded spec, plus edits), what the Api
 * answered for it (cost, weights, diagram — or reasons), its measured latency, and the pinned
 * variants the comparison table and the other views show.
 */
import { create } from 'zustand';
import type {
  ModelEntry,
  VariantEdits,
  VariantKnobs,
  VariantLatency,
  VariantRequest,
  VariantSummary,
} from '../../../src/api/contract';

export type ValidSummary = Extract<VariantSummary, { ok: true }>;

export interface PinnedRow {
  entry: ModelEntry;
  summary: ValidSummary;
  latency?: VariantLatency;
}

export type LatencyState =
  | { state: 'idle' }
  | { state: 'measuring'; for: string }
  | { state: 'done'; for: string; result: VariantLatency }
  | { state: 'error'; for: string; message: string };

interface PlaygroundState {
  presets: string[];
  base: string;
  /** A saved spec the user loaded: edits apply on top of it instead of a preset. */
  loaded?: { name: string; timmSpec: Record<string, unknown> };
  edits: VariantEdits;
  summary?: VariantSummary;
  /** The knobs of the last valid variant (what the form shows where no edit overrides them). */
  knobs?: VariantKnobs;
  /** The last valid variant, kept on screen while an invalid edit is explained. */
  lastValid?: ValidSummary;
  defining: boolean;
  latency: LatencyState;
  pinned: PinnedRow[];
  setPresets(presets: string[]): void;
  setBase(base: string): void;
  load(name: string, timmSpec: Record<string, unknown>): void;
  edit(patch: VariantEdits): void;
  setSummary(s: VariantSummary): void;
  setDefining(d: boolean): void;
  setLatency(l: LatencyState): void;
  setPinned(rows: PinnedRow[]): void;
}

export const usePlaygroundStore = create<PlaygroundState>()((set) => ({
  presets: [],
  base: 'resnest50d',
  edits: {},
  defining: false,
  latency: { state: 'idle' },
  pinned: [],
  setPresets: (presets) => set({ presets }),
  setBase: (base) => set({ base, loaded: undefined, edits: {} }),
  load: (name, timmSpec) => set({ loaded: { name, timmSpec }, edits: {} }),
  edit: (patch) => set((s) => ({ edits: { ...s.edits, ...patch } })),
  setSummary: (summary) => set(summary.ok ? { summary, knobs: summary.knobs, lastValid: summary } : { summary }),
  setDefining: (defining) => set({ defining }),
  setLatency: (latency) => set({ latency }),
  setPinned: (pinned) => set({ pinned }),
}));

/** The Api request for the variant being edited. */
export function currentRequest(s = usePlaygroundStore.getState()): VariantRequest {
  return s.loaded
    ? { base: s.loaded.name, timmSpec: s.loaded.timmSpec, edits: s.edits }
    : { base: s.base, edits: s.edits };
}
