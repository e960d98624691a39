/**
 * The main window's options as plain data: the locked-down webPreferences (Electron security
 * checklist #2-4, #6, #8-10, #12) and the size/position restored from window-state.ts.
 * Frozen, so nothing at runtime can loosen them; window-config.test.ts guards each value.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowState } from './window-state.js';

export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  plugins: false,
  enableWebSQL: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} satisfies WebPreferences);

export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;

const BACKGROUND = { light: '#f7f7f8', dark: '#16181d' } as const;

export interface MainWindowInput {
  state: WindowState;
  /** Absolute path of the bundled preload (dist/main/preload.cjs). */
  preloadPath: string;
  dark: boolean;
  /** PNG window icon (Linux; macOS and Windows take it from the bundle). */
  iconPath?: string;
  /** Whether the DevTools can be opened (development runs only). */
  devTools: boolean;
}

export function mainWindowOptions(input: MainWindowInput): BrowserWindowConstructorOptions {
  const { state } = input;
  return {
    title: 'splitlens',
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    backgroundColor: input.dark ? BACKGROUND.dark : BACKGROUND.light,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: input.preloadPath, devTools: input.devTools },
  };
}
