/**
 * The native menu as data: File (open image/model, recent, export), Edit, View (theme, zoom),
 * Window and Help ▸ About, with the platform's conventions (macOS app menu). Clicks call the
 * actions passed in, so the template is built and checked without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { RecentEntry } from './recent-files.js';
import type { ThemeChoice } from '../src/common/shell-bridge.js';

export interface MenuActions {
  openImage(): void;
  openModel(): void;
  openRecent(entry: RecentEntry): void;
  clearRecent(): void;
  exportSvg(): void;
  setTheme(theme: ThemeChoice): void;
  about(): void;
}

export interface MenuInput {
  platform: NodeJS.Platform;
  recent: readonly RecentEntry[];
  theme: ThemeChoice;
  /** Development runs get reload and DevTools. */
  dev: boolean;
}

export const ACCELERATORS = Object.freeze({
  openImage: 'CmdOrCtrl+O',
  openModel: 'CmdOrCtrl+Shift+O',
  exportSvg: 'CmdOrCtrl+Shift+E',
});

function recentMenu(input: MenuInput, actions: MenuActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = input.recent.map((entry) => ({
    label: `${basename(entry.path)}  (${entry.role})`,
    toolTip: entry.path,
    click: () => actions.openRecent(entry),
  }));
  if (items.length === 0) items.push({ label: 'No recent files', enabled: false });
  items.push(
    { type: 'separator' },
    { label: 'Clear Recent', enabled: input.recent.length > 0, click: () => actions.clearRecent() },
  );
  return items;
}

export function buildMenuTemplate(input: MenuInput, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: 'About splitlens', click: () => actions.about() };
  const themeItem = (theme: ThemeChoice, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: input.theme === theme,
    click: () => actions.setTheme(theme),
  });

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'splitlens',
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Open Image…', accelerator: ACCELERATORS.openImage, click: () => actions.openImage() },
        { label: 'Open Model…', accelerator: ACCELERATORS.openModel, click: () => actions.openModel() },
        { label: 'Open Recent', submenu: recentMenu(input, actions) },
        { type: 'separator' },
        { label: 'Export SVG…', accelerator: ACCELERATORS.exportSvg, click: () => actions.exportSvg() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        {
          label: 'Theme',
          submenu: [themeItem('system', 'System'), themeItem('light', 'Light'), themeItem('dark', 'Dark')],
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(input.dev
          ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]
          : []),
      ],
    },
    { label: 'Window', role: 'windowMenu' },
    { label: 'Help', role: 'help', submenu: [about] },
  );
  return template;
}
