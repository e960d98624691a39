/**
 * Where the shell finds its files, in a development run (`electron .`: dist/main next to
 * dist/renderer, assets/ at the project root) and in a packaged app (all inside app.asar, with
 * assets/ unpacked beside it because native decoders like sharp cannot read inside an asar).
 */
import { join } from 'node:path';

export interface AppPaths {
  /** dist/renderer, served as app://splitlens/. */
  rendererDir: string;
  preloadPath: string;
  /** Root that holds assets/ (exported as SPLITLENS_ROOT for src/platform/paths.ts). */
  assetRoot: string;
  iconPath: string;
  /** The inference worker bundle (built with the CLI). */
  workerEntry: string;
}

/** `mainDir` is the folder of the running main bundle (dist/main); `appPath` is app.getAppPath(). */
export function appPaths(mainDir: string, appPath: string, isPackaged: boolean): AppPaths {
  const assetRoot = isPackaged ? appPath.replace(/app\.asar$/, 'app.asar.unpacked') : appPath;
  return {
    rendererDir: join(mainDir, '..', 'renderer'),
    preloadPath: join(mainDir, 'preload.cjs'),
    assetRoot,
    iconPath: join(assetRoot, 'assets', 'icon.png'),
    workerEntry: join(mainDir, '..', 'cli', 'inference-worker.mjs'),
  };
}
