import { describe, expect, it } from 'vitest';
import type { UiApi } from '../../../src/api/contract';
import type { MenuCommand, OpenFileEvent, ShellBridge } from '../../../src/common/shell-bridge';
import { createElectronHost } from './electron-host';

/** A bridge shaped like the preload's (the Electron binary is not available to tests here). */
function bridge(dropped: OpenFileEvent | null, savedTo: string | null) {
  const saves: [string, string][] = [];
  const menus: ((c: MenuCommand) => void)[] = [];
  const shell: ShellBridge = {
    onOpenFile: () => () => {},
    onMenu: (l) => (menus.push(l), () => {}),
    saveSvg: async (svg, name) => (saves.push([svg, name]), savedTo),
    openDroppedFile: async () => dropped,
  };
  return { shell, saves, menus };
}

const api = {} as UiApi;
const photo = { name: 'cat.png' } as File;
const onDisk: OpenFileEvent = { role: 'image', name: 'cat.png', source: { kind: 'path', path: '/photos/cat.png' } };

describe('the Electron host', () => {
  it('opens a dropped file on disk by its path', async () => {
    const host = createElectronHost(api, bridge(onDisk, null).shell);
    expect(host.kind).toBe('electron');
    await expect(host.fileSource(photo, 'image')).resolves.toEqual(onDisk.source);
  });

  it('saves exports through the save dialog: the path, or null when cancelled', async () => {
    const saved = bridge(null, '/home/me/resnest50d.svg');
    await expect(
      createElectronHost(api, saved.shell).saveFile('resnest50d.svg', '<svg/>', 'image/svg+xml'),
    ).resolves.toEqual({ path: '/home/me/resnest50d.svg' });
    expect(saved.saves).toEqual([['<svg/>', 'resnest50d.svg']]);
    const cancelled = bridge(null, null);
    await expect(
      createElectronHost(api, cancelled.shell).saveFile('a.svg', '<svg/>', 'image/svg+xml'),
    ).resolves.toBeNull();
  });

  it('saves other text (a checkpoint spec) as a download, since the save dialog takes only SVG', async () => {
    const b = bridge(null, '/home/me/x.svg');
    const downloads: string[][] = [];
    const host = createElectronHost(api, b.shell, (...a) => void downloads.push(a));
    await expect(host.saveFile('model.spec.json', '{}\n', 'application/json')).resolves.toEqual({});
    expect(downloads).toEqual([['model.spec.json', '{}\n', 'application/json']]);
    expect(b.saves).toEqual([]);
  });

  it('passes menu commands through', () => {
    const b = bridge(null, null);
    const got: MenuCommand[] = [];
    createElectronHost(api, b.shell).onMenu((c) => got.push(c));
    b.menus[0]!({ command: 'theme', theme: 'dark' });
    expect(got).toEqual([{ command: 'theme', theme: 'dark' }]);
  });
});
