/**
 * Images domain: bundled samples and photos opened this session (most recent first), the photo
 * being compared (A) and an optional second photo (B) for the attention difference view.
 */
import { create } from 'zustand';
import type { ImageEntry } from '../../../src/api/contract';

const RECENT_LIMIT = 8;

interface ImagesState {
  byId: Record<string, ImageEntry>;
  samples: string[];
  recent: string[];
  currentId?: string;
  compareId?: string;
  setSamples(samples: ImageEntry[]): void;
  addOpened(image: ImageEntry): void;
  setCurrent(id: string): void;
  setCompare(id: string | undefined): void;
}

export const useImagesStore = create<ImagesState>()((set) => ({
  byId: {},
  samples: [],
  recent: [],
  setSamples: (samples) =>
    set((s) => ({
      byId: { ...s.byId, ...Object.fromEntries(samples.map((i) => [i.id, i])) },
      samples: samples.map((i) => i.id),
    })),
  addOpened: (image) =>
    set((s) => ({
      byId: { ...s.byId, [image.id]: image },
      recent: [image.id, ...s.recent.filter((id) => id !== image.id)].slice(0, RECENT_LIMIT),
    })),
  setCurrent: (id) => set((s) => ({ currentId: id, compareId: s.compareId === id ? undefined : s.compareId })),
  setCompare: (id) => set({ compareId: id }),
}));

export const currentImage = (): ImageEntry | undefined => {
  const s = useImagesStore.getState();
  return s.currentId ? s.byId[s.currentId] : undefined;
};
