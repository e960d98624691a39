import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { ACCELERATORS, buildMenuTemplate, type MenuActions } from './menu-template.js';
import type { RecentEntry } from './recent-files.js';

function recorder() {
  const calls: unknown[][] = [];
  const actions: MenuActions = {
    openImage: () => calls.push(['openImage']),
    openModel: () => calls.push(['openModel']),
    openRecent: (e) => calls.push(['openRecent', e.path]),
    clearRecent: () => calls.push(['clearRecent']),
    exportSvg: () => calls.push(['exportSvg']),
    setTheme: (t) => calls.push(['setTheme', t]),
    about: () => calls.push(['about']),
  };
  return { calls, actions };
}

const recent: RecentEntry[] = [
  { path: '/m/resnest50d.onnx', role: 'model', openedAt: '2026-11-23T17:00:00.000Z' },
  { path: '/p/cat.jpg', role: 'image', openedAt: '2026-11-23T16:00:00.000Z' },
];

function find(items: MenuItemConstructorOptions[], ...labels: string[]): MenuItemConstructorOptions {
  let current: MenuItemConstructorOptions | undefined;
  let level = items;
  for (const label of labels) {
    current = level.find((i) => i.label === label);
    if (!current) throw new Error(`no menu item ${labels.join(' ▸ ')}`);
    level = (current.submenu ?? []) as MenuItemConstructorOptions[];
  }
  return current!;
}

const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('application menu', () => {
  it('has File, Edit, View, Window, Help on Linux and Windows, plus the app menu on macOS', () => {
    const { actions } = recorder();
    const linux = buildMenuTemplate({ platform: 'linux', recent, theme: 'system', dev: false }, actions);
    expect(linux.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const mac = buildMenuTemplate({ platform: 'darwin', recent, theme: 'system', dev: false }, actions);
    expect(mac.map((m) => m.label)).toEqual(['splitlens', 'File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('File opens images and models, recent files and exports SVG', () => {
    const { calls, actions } = recorder();
    const t = buildMenuTemplate({ platform: 'linux', recent, theme: 'system', dev: false }, actions);
    expect(find(t, 'File', 'Open Image…').accelerator).toBe(ACCELERATORS.openImage);
    expect(find(t, 'File', 'Open Model…').accelerator).toBe(ACCELERATORS.openModel);
    expect(find(t, 'File', 'Export SVG…').accelerator).toBe(ACCELERATORS.exportSvg);
    click(find(t, 'File', 'Open Image…'));
    click(find(t, 'File', 'Open Model…'));
    click(find(t, 'File', 'Open Recent', 'resnest50d.onnx  (model)'));
    click(find(t, 'File', 'Open Recent', 'cat.jpg  (image)'));
    click(find(t, 'File', 'Open Recent', 'Clear Recent'));
    click(find(t, 'File', 'Export SVG…'));
    expect(calls).toEqual([
      ['openImage'],
      ['openModel'],
      ['openRecent', '/m/resnest50d.onnx'],
      ['openRecent', '/p/cat.jpg'],
      ['clearRecent'],
      ['exportSvg'],
    ]);
  });

  it('shows an empty recent list as such', () => {
    const t = buildMenuTemplate({ platform: 'linux', recent: [], theme: 'system', dev: false }, recorder().actions);
    expect(find(t, 'File', 'Open Recent', 'No recent files').enabled).toBe(false);
    expect(find(t, 'File', 'Open Recent', 'Clear Recent').enabled).toBe(false);
  });

  it('View has the theme as radio items and zoom', () => {
    const { calls, actions } = recorder();
    const t = buildMenuTemplate({ platform: 'linux', recent, theme: 'dark', dev: false }, actions);
    const themes = find(t, 'View', 'Theme').submenu as MenuItemConstructorOptions[];
    expect(themes.map((i) => [i.label, i.type, i.checked])).toEqual([
      ['System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ]);
    click(themes[1]!);
    expect(calls).toEqual([['setTheme', 'light']]);
    const roles = (find(t, 'View').submenu as MenuItemConstructorOptions[]).map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('offers reload and DevTools only in development', () => {
    const roles = (dev: boolean) =>
      (
        find(buildMenuTemplate({ platform: 'linux', recent, theme: 'system', dev }, recorder().actions), 'View')
          .submenu as MenuItemConstructorOptions[]
      ).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('Help ▸ About shows the about box', () => {
    const { calls, actions } = recorder();
    click(
      find(
        buildMenuTemplate({ platform: 'win32', recent, theme: 'system', dev: false }, actions),
        'Help',
        'About splitlens',
      ),
    );
    expect(calls).toEqual([['about']]);
  });
});
