/**
 * Native open and save dialogs, filtered to what splitlens opens (open-requests.ts).
 */
import { dialog, type BrowserWindow } from 'electron';
import { DIALOG_FILTERS, type FileRole } from './open-requests.js';

export async function chooseFileToOpen(win: BrowserWindow | undefined, role: FileRole): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = {
    title: role === 'model' ? 'Open Model' : 'Open Image',
    properties: ['openFile'],
    filters: DIALOG_FILTERS[role],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

export async function chooseSavePath(win: BrowserWindow | undefined, defaultName: string): Promise<string | undefined> {
  const options: Electron.SaveDialogOptions = {
    title: 'Export SVG',
    defaultPath: defaultName,
    filters: [{ name: 'SVG image', extensions: ['svg'] }],
  };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}
