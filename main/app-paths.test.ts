import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { appPaths } from './app-paths.js';

describe('appPaths', () => {
  it('in a development run points at dist/ and the project assets', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const p = appPaths(join(root, 'dist', 'main'), root, false);
    expect(p.rendererDir).toBe(join(root, 'dist', 'renderer'));
    expect(p.preloadPath).toBe(join(root, 'dist', 'main', 'preload.cjs'));
    expect(p.assetRoot).toBe(root);
    expect(existsSync(join(p.assetRoot, 'assets', 'imagenet_labels.json'))).toBe(true);
    expect(existsSync(p.iconPath)).toBe(true);
    expect(p.workerEntry).toBe(join(root, 'dist', 'cli', 'inference-worker.mjs'));
  });

  it('in a packaged app reads assets from app.asar.unpacked (native decoders cannot read an asar)', () => {
    const p = appPaths('/opt/splitlens/resources/app.asar/dist/main', '/opt/splitlens/resources/app.asar', true);
    expect(p.rendererDir).toBe('/opt/splitlens/resources/app.asar/dist/renderer');
    expect(p.assetRoot).toBe('/opt/splitlens/resources/app.asar.unpacked');
    expect(p.iconPath).toBe('/opt/splitlens/resources/app.asar.unpacked/assets/icon.png');
    expect(p.workerEntry).toBe('/opt/splitlens/resources/app.asar/dist/cli/inference-worker.mjs');
  });
});
