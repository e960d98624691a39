/**
 * Electron main process, the composition root of the desktop shell: the single-instance lock,
 * the app:// renderer protocol, security hardening (harden.ts), the Api over validated IPC
 * (ipc-handlers.ts), native menus and dialogs, remembered window bounds, recent files and files
 * opened from the OS. Everything with a decision in it lives in a plain module beside this one.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { IPC_PROGRESS } from '../src/common/api-methods.js';
import { createApi, type ApiHandle } from '../src/api/create-api.js';
import { oneLine } from '../src/common/errors.js';
import { writeFileSafely } from '../src/platform/safe-write.js';
import { aboutContent, providerFromPrediction, type ProviderInUse } from './about.js';
import { handleAppRequest } from './app-protocol.js';
import { appPaths } from './app-paths.js';
import { createAppWindow } from './app-window.js';
import { chooseFileToOpen, chooseSavePath } from './file-dialogs.js';
import { hardenSession, hardenWebContents } from './harden.js';
import { registerIpcHandlers } from './ipc-bridge.js';
import { createApiHandlers } from './ipc-handlers.js';
import { readJsonFile, writeJsonFile } from './json-store.js';
import { buildMenuTemplate, type MenuActions } from './menu-template.js';
import { argvSkip, fileRole, filesFromArgv, type FileRole } from './open-requests.js';
import { PathGrants } from './path-grants.js';
import {
  addRecent,
  recentFilesDocument,
  recentFilesSchema,
  removeRecent,
  RECENT_FILES_FILE,
  type RecentEntry,
} from './recent-files.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './security-policy.js';
import { createShellHandlers, grantOpenFile } from './shell-handlers.js';
import { utilityChannel } from './utility-channel.js';
import { SHELL_CHANNELS, type MenuCommand, type OpenFileEvent, type ThemeChoice } from '../src/common/shell-bridge.js';
import { DEFAULT_SETTINGS, SETTINGS_FILE, shellSettingsSchema, type ShellSettings } from './shell-settings.js';
import { DEFAULT_WINDOW_STATE, fitToWorkAreas, windowStateSchema, WINDOW_STATE_FILE } from './window-state.js';

// Before 'ready': the renderer's scheme, and sandboxing for every renderer the app ever creates.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
app.enableSandbox();

const paths = appPaths(__dirname, app.getAppPath(), app.isPackaged);
process.env.SPLITLENS_ROOT ??= paths.assetRoot;
const skip = argvSkip(process.defaultApp === true);
const userFile = (name: string) => join(app.getPath('userData'), name);
const isFile = async (p: string) => (await stat(p).catch(() => undefined))?.isFile() ?? false;

const grants = new PathGrants();
const pendingWrites = new Set<Promise<void>>();
let win: BrowserWindow | undefined;
let rendererLoaded = false;
let queuedOpens: OpenFileEvent[] = [];
let recent: RecentEntry[] = [];
let settings: ShellSettings = DEFAULT_SETTINGS;
let providerInUse: ProviderInUse | undefined;

function persist(name: string, value: unknown): void {
  const write = writeJsonFile(userFile(name), value).catch((e: unknown) =>
    console.error(`splitlens: cannot save ${name}: ${oneLine(e)}`),
  );
  pendingWrites.add(write);
  void write.finally(() => pendingWrites.delete(write));
}

function send(channel: string, payload: unknown): void {
  if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
}

let creating: Promise<void> | undefined;

/** The one window: created if there is none (once, however many files arrive at the same time). */
function ensureWindow(): Promise<void> {
  if (win) return Promise.resolve();
  creating ??= createWindow().finally(() => (creating = undefined));
  return creating;
}

function focusWindow(): void {
  if (!win) return void ensureWindow();
  if (win.isMinimized()) win.restore();
  win.focus();
}

/** A file chosen in a dialog, Open Recent, the command line or the OS: granted, then handed to the renderer. */
async function openPath(path: string, role: FileRole | null = fileRole(path)): Promise<void> {
  if (!role) return;
  if (!(await isFile(path))) {
    setRecent(removeRecent(recent, path));
    await dialog.showMessageBox({
      type: 'warning',
      message: `Cannot open ${basename(path)}`,
      detail: `${path} does not exist or is not a file.`,
    });
    return;
  }
  const event = grantOpenFile(grants, path, role);
  if (win && rendererLoaded) send(SHELL_CHANNELS.openFile, event);
  else queuedOpens.push(event);
  focusWindow();
}

/** File ▸ Open Image / Open Model: the native dialog, then openPath. */
function openChosenFile(role: FileRole): void {
  void chooseFileToOpen(win, role).then((p) => (p ? openPath(p, role) : undefined));
}

function setRecent(next: RecentEntry[]): void {
  recent = next;
  persist(RECENT_FILES_FILE, recentFilesDocument(recent));
  refreshMenu();
}

function setTheme(theme: ThemeChoice): void {
  settings = { ...settings, theme };
  nativeTheme.themeSource = theme;
  persist(SETTINGS_FILE, settings);
  send(SHELL_CHANNELS.menu, { command: 'theme', theme } satisfies MenuCommand);
  refreshMenu();
}

let api: ApiHandle;

const menuActions: MenuActions = {
  openImage: () => openChosenFile('image'),
  openModel: () => openChosenFile('model'),
  openRecent: (entry) => void openPath(entry.path, entry.role),
  clearRecent: () => {
    app.clearRecentDocuments();
    setRecent([]);
  },
  exportSvg: () => send(SHELL_CHANNELS.menu, { command: 'export-svg' } satisfies MenuCommand),
  setTheme,
  about: () =>
    void api.info().then((info) => {
      const content = aboutContent(info, { ...process.versions }, providerInUse);
      const options = { type: 'info' as const, buttons: ['OK'], ...content };
      return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options);
    }),
};

function refreshMenu(): void {
  if (!app.isReady()) return;
  const template = buildMenuTemplate(
    { platform: process.platform, recent, theme: settings.theme, dev: !app.isPackaged },
    menuActions,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function createWindow(): Promise<void> {
  const saved = (await readJsonFile(userFile(WINDOW_STATE_FILE), windowStateSchema)) ?? DEFAULT_WINDOW_STATE;
  const state = fitToWorkAreas(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  rendererLoaded = false;
  win = createAppWindow({
    state,
    preloadPath: paths.preloadPath,
    iconPath: paths.iconPath,
    dark: nativeTheme.shouldUseDarkColors,
    devTools: !app.isPackaged,
    onClose: (s) => s && persist(WINDOW_STATE_FILE, s),
  });
  win.webContents.on('did-finish-load', () => {
    rendererLoaded = true;
    for (const event of queuedOpens) send(SHELL_CHANNELS.openFile, event);
    queuedOpens = [];
  });
  win.on('closed', () => {
    win = undefined;
    rendererLoaded = false;
  });
}

async function start(): Promise<void> {
  const startupFiles = filesFromArgv(process.argv, process.cwd(), skip);
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void openPath(path);
    else startupFiles.push(path);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    for (const p of filesFromArgv(argv, cwd, skip)) void openPath(p);
    focusWindow();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url)));
  app.on('window-all-closed', () => {
    void Promise.allSettled([...pendingWrites]).then(() => process.platform !== 'darwin' && app.quit());
  });
  app.on('activate', () => void ensureWindow());

  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('dev.splitlens.app');
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, paths.rendererDir));

  settings = (await readJsonFile(userFile(SETTINGS_FILE), shellSettingsSchema)) ?? DEFAULT_SETTINGS;
  nativeTheme.themeSource = settings.theme;
  recent = (await readJsonFile(userFile(RECENT_FILES_FILE), recentFilesSchema))?.entries ?? [];

  // The Api runs here; inference runs in a utility process, so the window never freezes and a
  // native crash in onnxruntime costs one request, not the app (docs/security.md, 1.3).
  api = createApi({
    host: 'electron',
    onProgress: (e) => send(IPC_PROGRESS, e),
    inference: {
      channel: (events) => utilityChannel((...a) => utilityProcess.fork(...a), { entry: paths.workerEntry }, events),
    },
  });
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    disposed = true;
    event.preventDefault();
    void api.dispose().finally(() => app.quit());
  });
  const apiHandlers = createApiHandlers(api, grants, {
    onOpened: (role, path) => {
      app.addRecentDocument(path);
      setRecent(addRecent(recent, { path, role, openedAt: new Date().toISOString() }));
    },
    onPredicted: (response) => (providerInUse = providerFromPrediction(response) ?? providerInUse),
  });
  const shellHandlers = createShellHandlers({
    grants,
    chooseSavePath: (name) => chooseSavePath(win, name),
    writeFile: (p, data) => writeFileSafely(p, data),
    isFile,
  });
  registerIpcHandlers(ipcMain, apiHandlers, {
    [SHELL_CHANNELS.saveSvg]: shellHandlers.saveSvg,
    [SHELL_CHANNELS.droppedFile]: shellHandlers.droppedFile,
  });

  refreshMenu();
  await ensureWindow();
  for (const p of startupFiles) await openPath(p);
}

if (app.requestSingleInstanceLock()) {
  start().catch((e: unknown) => {
    dialog.showErrorBox('splitlens could not start', e instanceof Error ? e.message : String(e));
    app.exit(1);
  });
} else {
  // Another splitlens is running: it receives our argv in 'second-instance' and opens the files.
  app.quit();
}
