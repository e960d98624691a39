/**
 * The one main window: built from window-config.ts, shown when painted, loading the renderer
 * from app://splitlens, and reporting its bounds on close so they can be remembered.
 */
import { BrowserWindow } from 'electron';
import { RENDERER_ENTRY_URL } from './security-policy.js';
import { mainWindowOptions, type MainWindowInput } from './window-config.js';
import { stateFromBounds, type WindowState } from './window-state.js';

export interface AppWindowInput extends MainWindowInput {
  onClose(state: WindowState | undefined): void;
}

export function createAppWindow(input: AppWindowInput): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(input));
  if (input.state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => input.onClose(stateFromBounds(win.getNormalBounds(), win.isMaximized())));
  win
    .loadURL(RENDERER_ENTRY_URL)
    .catch((e: unknown) => console.error(`splitlens: cannot load the renderer: ${String(e)}`));
  return win;
}
