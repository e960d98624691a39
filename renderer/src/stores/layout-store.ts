/**
 * Window layout the user chose: whether the sidebar is collapsed (to give a small window's canvas
 * the room). Remembered in the page's localStorage, like the theme.
 */
import { create } from 'zustand';

const KEY = 'splitlens-sidebar-collapsed';

interface LayoutState {
  sidebarCollapsed: boolean;
  setSidebarCollapsed(collapsed: boolean): void;
}

export const useLayoutStore = create<LayoutState>()((set) => ({
  sidebarCollapsed: globalThis.localStorage?.getItem(KEY) === '1',
  setSidebarCollapsed: (sidebarCollapsed) => {
    globalThis.localStorage?.setItem(KEY, sidebarCollapsed ? '1' : '0');
    set({ sidebarCollapsed });
  },
}));
