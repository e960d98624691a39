/**
 * Where the app's own files are: works from the TypeScript sources (tests, tsx), from the esbuild
 * bundles in dist/, and from a packaged app (resources next to the asar).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
