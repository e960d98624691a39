/**
 * Preload (sandboxed, context-isolated): exposes exactly two objects to the page and nothing
 * else of Node or Electron — `window.splitlens`, the one Api, forwarded over `splitlens:<method>`
 * invoke channels, and `window.splitlensShell` (src/common/shell-bridge.ts) for menus, OS file opening,
 * drag and drop and saving exports. The IPC event object never reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ProgressEvent, UiApi } from '../src/api/contract.js';
import { API_METHODS, IPC_PREFIX, IPC_PROGRESS } from '../src/common/api-methods.js';
import type { IpcResult } from './ipc-handlers.js';
import { SHELL_CHANNELS, type MenuCommand, type OpenFileEvent, type ShellBridge } from '../src/common/shell-bridge.js';

async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const result = (await ipcRenderer.invoke(channel, ...args)) as IpcResult;
  if (result.ok) return result.value;
  const error = new Error(result.error.message);
  error.name = result.error.name;
  throw error;
}

/** Subscriptions to a main → renderer channel; with `replay`, events before the first listener are kept. */
function feed<T>(channel: string, replay: boolean): (listener: (value: T) => void) => () => void {
  const listeners = new Set<(value: T) => void>();
  const queued: T[] = [];
  ipcRenderer.on(channel, (_event, value: T) => {
    if (listeners.size === 0) {
      if (replay) queued.push(value);
      return;
    }
    for (const listener of listeners) listener(value);
  });
  return (listener) => {
    listeners.add(listener);
    for (const value of queued.splice(0)) listener(value);
    return () => void listeners.delete(listener);
  };
}

const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (...args: unknown[]) => invoke(IPC_PREFIX + method, ...args)]),
) as unknown as UiApi;
api.onProgress = feed<ProgressEvent>(IPC_PROGRESS, false);

type DroppedFile = Parameters<typeof webUtils.getPathForFile>[0];

const shell: ShellBridge = {
  onOpenFile: feed<OpenFileEvent>(SHELL_CHANNELS.openFile, true),
  onMenu: feed<MenuCommand>(SHELL_CHANNELS.menu, false),
  saveSvg: (svg, suggestedName) => invoke(SHELL_CHANNELS.saveSvg, svg, suggestedName) as Promise<string | null>,
  async openDroppedFile(file) {
    // The path comes from the File object itself, so page script cannot name an arbitrary path.
    let path: string;
    try {
      path = webUtils.getPathForFile(file as DroppedFile);
    } catch {
      return null;
    }
    return path ? ((await invoke(SHELL_CHANNELS.droppedFile, path)) as OpenFileEvent | null) : null;
  },
};

contextBridge.exposeInMainWorld('splitlens', api);
contextBridge.exposeInMainWorld('splitlensShell', shell);
