/**
 * Attaches the plain IPC handlers (ipc-handlers.ts, shell-handlers.ts) to ipcMain: derives the
 * sender from the event's frame and wraps every outcome in an IpcResult for the preload.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_PREFIX, type ApiMethod } from '../src/common/api-methods.js';
import { toIpcResult, type IpcHandler, type IpcSender } from './ipc-handlers.js';

export function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { url: frame?.url, isMainFrame: !!frame && frame.parent === null };
}

function attach(ipcMain: IpcMain, channel: string, handler: IpcHandler): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    const result = await toIpcResult(() => handler(senderOf(event), args));
    if (!result.ok && !result.error.user) console.error(`splitlens: ${channel} failed: ${result.error.message}`);
    return result;
  });
}

export function registerIpcHandlers(
  ipcMain: IpcMain,
  api: Record<ApiMethod, IpcHandler>,
  shell: Record<string, IpcHandler>,
): void {
  for (const [method, handler] of Object.entries(api)) attach(ipcMain, IPC_PREFIX + method, handler);
  for (const [channel, handler] of Object.entries(shell)) attach(ipcMain, channel, handler);
}
