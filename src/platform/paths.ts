/**
 * Where the app's own files are: works from the TypeScript sources (tests, tsx), from the esbuild
 * bundles in dist/, and from a packaged app (resources next to the asar).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The project (or packaged app) root: the nearest folder up from here holding `assets/`. */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  const override = process.env.SPLITLENS_ROOT;
  if (override) return (cachedRoot = resolve(override));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'assets', 'imagenet_labels.json'))) return (cachedRoot = dir);
    dir = dirname(dir);
  }
  throw new Error('cannot find the splitlens assets folder');
}

export function assetPath(...parts: string[]): string {
  return join(appRoot(), 'assets', ...parts);
}

/**
 * The user's cache folder for splitlens (built models and the like: anything here can be rebuilt):
 * `SPLITLENS_CACHE_DIR` when set, else the platform's convention — `$XDG_CACHE_HOME/splitlens`
 * (`~/.cache/splitlens`) on Linux, `~/Library/Caches/splitlens` on macOS,
 * `%LOCALAPPDATA%\splitlens\Cache` on Windows. `SPLITLENS_CACHE_DIR=off` turns caching off (undefined).
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  const explicit = env.SPLITLENS_CACHE_DIR;
  if (explicit === 'off') return undefined;
  if (explicit) return resolve(explicit);
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'splitlens', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'splitlens');
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(xdg, 'splitlens');
}
