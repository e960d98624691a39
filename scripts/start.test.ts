import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('npm start without the Electron binary', () => {
  it('explains in one paragraph what to do and exits 1, without a stack trace or a build', () => {
    // An empty override folder makes the binary absent on every machine, including ones that have it.
    const empty = mkdtempSync(join(tmpdir(), 'splitlens-no-electron-'));
    try {
      const r = spawnSync(process.execPath, ['scripts/start.mjs'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const message = r.stderr.trim();
      expect(message).toMatch(
        /^splitlens: cannot start the desktop app: ELECTRON_OVERRIDE_DIST_PATH has no Electron executable/,
      );
      expect(message).toContain('node node_modules/electron/install.js');
      expect(message).toContain('ELECTRON_MIRROR');
      expect(message).toContain('npx electron --version');
      expect(message).toContain('npx splitlens serve');
      expect(message.split('\n')).toHaveLength(1);
      expect(message).not.toMatch(/\n\s+at |Error:/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('findElectronBinary', () => {
  it('follows path.txt like electron/index.js, without downloading', () => {
    const project = mkdtempSync(join(tmpdir(), 'splitlens-electron-pkg-'));
    try {
      const pkg = join(project, 'node_modules', 'electron');
      mkdirSync(join(pkg, 'dist'), { recursive: true });
      writeFileSync(join(pkg, 'package.json'), '{"name":"electron"}');
      expect(findElectronBinary(project)).toEqual({
        found: false,
        reason: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)',
      });
      writeFileSync(join(pkg, 'path.txt'), 'electron');
      expect(findElectronBinary(project)).toEqual({
        found: false,
        reason: `the Electron binary is missing (${join(pkg, 'dist', 'electron')})`,
      });
      writeFileSync(join(pkg, 'dist', 'electron'), '');
      expect(findElectronBinary(project)).toEqual({ found: true, path: join(pkg, 'dist', 'electron') });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('says when the electron package itself is missing', () => {
    expect(findElectronBinary(tmpdir())).toEqual({ found: false, reason: 'the electron package is not installed' });
  });
});
