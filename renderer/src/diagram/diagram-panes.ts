/**
 * What a diagram pane tells the nodes it draws, and which pane a selection came from. Side by
 * side, each pane is its own React Flow canvas; the nodes read their pane's block differences
 * from context, and the canvases read the selection's origin to centre the same block in every
 * other pane (the pane clicked in stays put).
 */
import { createContext, useContext } from 'react';
import { create } from 'zustand';
import { useStore } from '@xyflow/react';

export interface PaneInfo {
  id: string;
  /** Blocks of this pane's model that differ from the other pane(s), with a line saying how. */
  diffs?: ReadonlyMap<string, string>;
  /** Side by side: expand or collapse a block in every pane whose model has it. */
  toggle?: (block: string) => void;
}

export const PaneContext = createContext<PaneInfo>({ id: 'main' });

export function usePane(): PaneInfo {
  return useContext(PaneContext);
}

/** The pane the last selection was made in. */
export const useSelectionOrigin = create<{ pane?: string; setPane(pane: string | undefined): void }>()((set) => ({
  setPane: (pane) => set({ pane }),
}));

/** Below this zoom text is unreadable anyway: drop it (and shadows) so big diagrams paint fast. */
export const LOW_DETAIL_ZOOM = 0.4;
/**
 * Below this zoom an expanded block's ops are specks: the ops are hidden and the block draws as
 * one summary box (its name, K, R, attention and heatmap) in text sized for the screen.
 */
export const FAR_ZOOM = 0.16;

export function useFarOut(): boolean {
  return useStore((s) => s.transform[2] < FAR_ZOOM);
}
