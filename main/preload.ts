/**
 * Preload: exposes the one Api to the sandboxed renderer as `window.splitlens`, forwarding each
 * method over a prefixed IPC channel. Nothing else of Node or Electron reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, IPC_PREFIX, IPC_PROGRESS, type ProgressEvent, type UiApi } from '../src/api/contract.js';

const api = Object.fromEntries(
  API_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(IPC_PREFIX + method, ...args)]),
) as unknown as UiApi;

api.onProgress = (listener: (e: ProgressEvent) => void) => {
  const handler = (_event: Electron.IpcRendererEvent, e: ProgressEvent) => listener(e);
  ipcRenderer.on(IPC_PROGRESS, handler);
  return () => ipcRenderer.removeListener(IPC_PROGRESS, handler);
};

contextBridge.exposeInMainWorld('splitlens', api);
