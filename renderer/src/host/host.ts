/**
 * The renderer's platform services in one object (Netron's host pattern): the Api, files the OS
 * hands to the window, menu commands, turning a picked or dropped File into something the Api can
 * open, and saving an export. Two implementations: Electron (the preload's `window.splitlens` and
 * `window.splitlensShell`) and a browser (serve mode: HTTP Api, uploads, downloads). Components and
 * actions use `getHost()` and never test which one they run in.
 */
import type { UiApi } from '../../../src/api/contract';
import type { FileSource } from '../../../src/common/api-types';
import type { FileRole, MenuCommand, OpenFileEvent } from '../../../src/common/shell-bridge';
import { createBrowserHost } from './browser-host';
import { createElectronHost, electronBridge } from './electron-host';
import type { HostStorage } from './host-storage';

export interface Host {
  kind: 'electron' | 'browser';
  /** The one Api, with its progress events. */
  api: UiApi;
  /** Files to open from the OS, a dialog or Open Recent (never fires in a browser). */
  onOpenFile(listener: (e: OpenFileEvent) => void): () => void;
  /** Commands from the native menu (never fires in a browser). */
  onMenu(listener: (c: MenuCommand) => void): () => void;
  /** A picked, pasted or dropped file → how the Api opens it: by its path (Electron) or its bytes. */
  fileSource(file: File, role: FileRole): Promise<FileSource>;
  /**
   * Saves text the user exported: through a save dialog (Electron; null when cancelled, else the
   * path) or as a download (browser; no path).
   */
  saveFile(name: string, text: string, type: string): Promise<{ path?: string } | null>;
  /** What the app remembers across reloads and restarts (models, names, recent photos). */
  storage: HostStorage;
}

let host: Host | undefined;

export function getHost(): Host {
  if (host) return host;
  const bridge = electronBridge();
  return (host = bridge ? createElectronHost(bridge.api, bridge.shell) : createBrowserHost());
}
