/**
 * The Host in Electron: the preload exposes the Api as `window.splitlens` and the shell's extras as
 * `window.splitlensShell` (src/common/shell-bridge.ts): menus, files opened by the OS or a dialog,
 * native save for exports, paths of dropped files.
 */
import type { UiApi } from '../../../src/api/contract';
import type { ShellBridge } from '../../../src/common/shell-bridge';
import { download, fileToSource } from './page-files';
import type { Host } from './host';
import { localHostStorage } from './host-storage';

declare global {
  interface Window {
    splitlens?: UiApi;
    splitlensShell?: ShellBridge;
  }
}

/** The preload's two objects, when this page runs in the Electron shell. */
export function electronBridge(): { api: UiApi; shell: ShellBridge } | undefined {
  const { splitlens: api, splitlensShell: shell } = window;
  return api && shell ? { api, shell } : undefined;
}

/** `saveDownload` saves what is not an SVG (the page's download; a parameter so tests can see it). */
export function createElectronHost(api: UiApi, shell: ShellBridge, saveDownload = download): Host {
  return {
    kind: 'electron',
    storage: localHostStorage(),
    api,
    onOpenFile: (listener) => shell.onOpenFile(listener),
    onMenu: (listener) => shell.onMenu(listener),
    async fileSource(file, role) {
      // A file on disk opens by its path (no copy); anything else is uploaded like in a browser.
      const opened = await shell.openDroppedFile(file);
      return opened && opened.role === role ? opened.source : fileToSource(file);
    },
    async saveFile(name, text, type) {
      // The native dialog saves SVG exports (main checks the document is one); other text, such as
      // a checkpoint's spec, downloads as in a browser (main allows blob: downloads of the page).
      if (type !== 'image/svg+xml') {
        saveDownload(name, text, type);
        return {};
      }
      const path = await shell.saveSvg(text, name);
      return path ? { path } : null;
    },
  };
}
