/**
 * Notices above the workspace: the announcement of a model just opened (the view stays where the
 * user was) and whether the untrained-weights notice was dismissed (for this window's lifetime).
 */
import { create } from 'zustand';

interface NoticeState {
  /** The model just added to the list, announced until dismissed or replaced. */
  opened?: { modelId: string; label: string };
  untrainedDismissed: boolean;
  announceOpened(modelId: string, label: string): void;
  clearOpened(): void;
  dismissUntrained(): void;
}

export const useNoticeStore = create<NoticeState>()((set) => ({
  untrainedDismissed: false,
  announceOpened: (modelId, label) => set({ opened: { modelId, label } }),
  clearOpened: () => set({ opened: undefined }),
  dismissUntrained: () => set({ untrainedDismissed: true }),
}));
