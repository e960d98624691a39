/**
 * View domain: which view and model are shown, the selected block (one name, synchronised across
 * models), expanded blocks per model, search, theme, and the one-line message bar.
 */
import { create } from 'zustand';
import type { Theme } from '../../../src/api/contract';

export type ViewName = 'compare' | 'diagram' | 'attention' | 'playground' | 'statistics';

interface ViewState {
  view: ViewName;
  theme: Theme;
  diagramModelId?: string;
  /** timm block name (`layer3.2`), shared by every model. */
  selectedBlock?: string;
  /** Selected diagram node id (a block or an op). */
  selectedNode?: string;
  expanded: Record<string, string[]>;
  search: string;
  /** Bumped to ask the search box to take focus. */
  searchFocus: number;
  diff: boolean;
  /** Attention view: one colour scale across all models' heatmaps instead of each model's own. */
  sharedScale: boolean;
  showSaliency: boolean;
  error?: string;
  status?: string;
  shortcutsOpen: boolean;
  setView(view: ViewName): void;
  setTheme(theme: Theme): void;
  setDiagramModel(id: string): void;
  select(block: string | undefined, node?: string): void;
  setExpanded(modelId: string, blocks: string[]): void;
  setSearch(search: string): void;
  focusSearch(): void;
  setDiff(diff: boolean): void;
  setSharedScale(shared: boolean): void;
  setShowSaliency(show: boolean): void;
  setError(error: string | undefined): void;
  setStatus(status: string | undefined): void;
  setShortcutsOpen(open: boolean): void;
}

/** The operating system's colour scheme (dark unless it asks for light). */
export function systemTheme(): Theme {
  return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem('splitlens-theme');
  return saved === 'light' || saved === 'dark' ? saved : systemTheme();
}

export const useViewStore = create<ViewState>()((set) => ({
  view: 'compare',
  theme: initialTheme(),
  expanded: {},
  search: '',
  searchFocus: 0,
  diff: false,
  sharedScale: false,
  showSaliency: true,
  shortcutsOpen: false,
  setView: (view) => set({ view }),
  setTheme: (theme) => {
    globalThis.localStorage?.setItem('splitlens-theme', theme);
    set({ theme });
  },
  setDiagramModel: (diagramModelId) => set({ diagramModelId }),
  select: (selectedBlock, selectedNode) => set({ selectedBlock, selectedNode: selectedNode ?? selectedBlock }),
  setExpanded: (modelId, blocks) => set((s) => ({ expanded: { ...s.expanded, [modelId]: blocks } })),
  setSearch: (search) => set({ search }),
  focusSearch: () => set((s) => ({ searchFocus: s.searchFocus + 1 })),
  setDiff: (diff) => set({ diff }),
  setSharedScale: (sharedScale) => set({ sharedScale }),
  setShowSaliency: (showSaliency) => set({ showSaliency }),
  setError: (error) => set({ error }),
  setStatus: (status) => set({ status }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
}));
