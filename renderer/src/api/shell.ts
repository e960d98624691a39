/**
 * The Electron shell's extras next to the Api: `window.splitlensShell` (menus, files opened by
 * the OS or a dialog, native save for exports, paths of dropped files). Absent in serve mode.
 * The shape mirrors src/common/shell-bridge.ts (the renderer may not import from main/).
 */
import type { FileSource } from '../../../src/api/contract';

export interface OpenFileEvent {
  role: 'model' | 'image';
  name: string;
  source: Extract<FileSource, { kind: 'path' }>;
}

export type MenuCommand = { command: 'export-svg' } | { command: 'theme'; theme: 'system' | 'light' | 'dark' };

export interface ShellBridge {
  onOpenFile(listener: (e: OpenFileEvent) => void): () => void;
  onMenu(listener: (c: MenuCommand) => void): () => void;
  saveSvg(svg: string, suggestedName: string): Promise<string | null>;
  openDroppedFile(file: unknown): Promise<OpenFileEvent | null>;
}

declare global {
  interface Window {
    splitlensShell?: ShellBridge;
  }
}

export function getShell(): ShellBridge | undefined {
  return window.splitlensShell;
}
