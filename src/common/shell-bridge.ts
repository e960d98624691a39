/**
 * IPC channels of the desktop shell itself (menus, OS file opening, saving an export), next to
 * the Api's own `splitlens:<method>` channels (api-methods.ts), and the bridge the preload
 * (main/preload.ts) exposes as `window.splitlensShell`. Shared by main/ and the renderer's Host.
 */
import type { FileSource } from './api-types.js';

/** What a file opens as: a model (.onnx or a checkpoint) or a photo. */
export type FileRole = 'model' | 'image';

export const SHELL_CHANNELS = Object.freeze({
  /** main → renderer: open this file (OS open, argv, menu dialog, Open Recent). */
  openFile: 'splitlens:open-file',
  /** main → renderer: a menu command the renderer carries out. */
  menu: 'splitlens:menu',
  /** renderer → main (invoke): save an exported SVG through a save dialog. */
  saveSvg: 'splitlens:save-svg',
  /** renderer → main (invoke): a file dropped on the window, by its path. */
  droppedFile: 'splitlens:dropped-file',
});

/** What the renderer receives on `splitlens:open-file`: call openModel / openImage with `source`. */
export interface OpenFileEvent {
  role: FileRole;
  name: string;
  source: Extract<FileSource, { kind: 'path' }>;
}

export type ThemeChoice = 'system' | 'light' | 'dark';

export type MenuCommand = { command: 'export-svg' } | { command: 'theme'; theme: ThemeChoice };

/** `window.splitlensShell`, exposed by the preload next to `window.splitlens` (the Api). */
export interface ShellBridge {
  /** Files to open; events that arrive before the first listener are queued and replayed. */
  onOpenFile(listener: (e: OpenFileEvent) => void): () => void;
  onMenu(listener: (c: MenuCommand) => void): () => void;
  /** Asks where to save; resolves to the saved path, or null when the user cancelled. */
  saveSvg(svg: string, suggestedName: string): Promise<string | null>;
  /** For a dropped `File`: its path granted and ready to open, or null if it is not a model/image on disk. */
  openDroppedFile(file: unknown): Promise<OpenFileEvent | null>;
}
