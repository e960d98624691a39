/**
 * Electron main process: one window over the renderer bundle, IPC forwarded to src/api.
 */
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { API_METHODS, IPC_PREFIX } from '../src/api/contract.js';
import { createApi } from '../src/api/create-api.js';

async function createWindow(): Promise<void> {
  const api = createApi({ host: 'electron' });
  for (const method of API_METHODS) {
    ipcMain.handle(IPC_PREFIX + method, (_event, ...args: unknown[]) =>
      (api[method] as (...a: unknown[]) => Promise<unknown>)(...args),
    );
  }
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  await win.loadFile(join(__dirname, '..', 'renderer', 'index.html'));
}

app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
