import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_FUSES } from './fuses.js';

// electron-builder's own loaders, through require: js-yaml and app-builder-lib ship no ESM types.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { minimatch } = require('minimatch') as {
  minimatch(path: string, pattern: string, options: { dot: boolean }): boolean;
};

const root = fileURLToPath(new URL('..', import.meta.url));

interface PlatformConfig {
  target: string[];
  icon: string;
  files: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  files?: unknown;
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  fileAssociations: { ext: string; name: string; role?: string }[];
  linux: PlatformConfig;
  win: PlatformConfig;
  mac: PlatformConfig;
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** What electron-builder's file filter keeps, for paths relative to the app folder (its minimatchAll). */
function kept(path: string, patterns: string[], arch: string): boolean {
  let match = false;
  for (const raw of patterns.map((p) => p.replaceAll('${arch}', arch))) {
    const negate = raw.startsWith('!');
    if (match !== negate) continue;
    match = minimatch(path, negate ? raw.slice(1) : raw, { dot: true }) ? !negate : match;
  }
  return match;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and builds AppImage + deb, NSIS and dmg', () => {
    expect(config.appId).toBe('dev.splitlens.app');
    expect(config.productName).toBe('splitlens');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('flips exactly the fuses of main/fuses.ts (checklist #19)', () => {
    expect(config.electronFuses).toEqual(REQUIRED_FUSES);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs an asar and unpacks every native binary of onnxruntime-node and sharp', () => {
    expect(config.asar).toBe(true);
    const natives: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (/\.(node|so(\.\d+)*|dylib|dll)$/.test(e.name)) natives.push(rel);
      }
    };
    walk('node_modules/onnxruntime-node/bin');
    walk('node_modules/@img');
    expect(natives.some((f) => f.endsWith('onnxruntime_binding.node'))).toBe(true);
    expect(natives.some((f) => /sharp-.*\.node$/.test(f))).toBe(true);
    const packed = natives.filter((f) => !config.asarUnpack.some((p) => minimatch(f, p, { dot: true })));
    expect(packed).toEqual([]);
    expect(config.asarUnpack.some((p) => minimatch('assets/sample-chelsea.png', p, { dot: true }))).toBe(true);
  });

  it('has no top-level files list (it would double the app with the platform lists)', () => {
    expect(config.files).toBeUndefined();
  });

  const platforms = [
    ['linux', 'linux', ['x64', 'arm64']],
    ['win', 'win32', ['x64', 'arm64']],
    ['mac', 'darwin', ['arm64']],
  ] as const;

  it.each(platforms)('%s keeps only its own onnxruntime binaries', (key, ortPlatform, arches) => {
    const ortBin = 'node_modules/onnxruntime-node/bin/napi-v6';
    const dirs = readdirSync(join(root, ortBin)).flatMap((p) =>
      readdirSync(join(root, ortBin, p)).map((a) => `${p}/${a}`),
    );
    expect(dirs.length).toBeGreaterThanOrEqual(5);
    for (const arch of arches) {
      const keptDirs = dirs.filter((d) =>
        kept(`${ortBin}/${d}/onnxruntime_binding.node`, ['**/*', ...config[key].files], arch),
      );
      expect(keptDirs, `${key} ${arch}`).toEqual([`${ortPlatform}/${arch}`]);
    }
  });

  it.each(platforms)('%s packs the bundles, assets and package.json, without sources or source maps', (key) => {
    const files = config[key].files;
    for (const f of [
      'dist/main/main.cjs',
      'dist/main/preload.cjs',
      'dist/renderer/index.html',
      'dist/cli/splitlens.mjs',
      'assets/imagenet_labels.json',
      'package.json',
    ]) {
      expect(kept(f, files, 'x64'), f).toBe(true);
    }
    for (const f of [
      'main/main.ts',
      'src/api/contract.ts',
      'renderer/src/main.tsx',
      'dist/main/main.cjs.map',
      '.notes/BRIEF.md',
      'e2e/electron.spec.ts',
    ]) {
      expect(kept(f, files, 'x64'), f).toBe(false);
    }
    expect(files.slice(0, 6)).toEqual(config.linux.files.slice(0, 6));
  });

  it('uses the committed 512×512 icon and associates .onnx files', () => {
    for (const key of ['linux', 'win', 'mac'] as const) {
      const png = readFileSync(join(root, config[key].icon));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    }
    expect(existsSync(join(root, 'assets/icon.svg'))).toBe(true);
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'onnx', name: 'ONNX model', role: 'Viewer' }),
    ]);
  });
});
