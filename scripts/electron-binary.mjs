// Finds the Electron executable the way node_modules/electron/index.js does, but without its
// side effect: requiring 'electron' from Node tries to download a missing binary (impossible
// here, and slow to fail elsewhere). Used by `npm start`, the packaging dry run and the e2e suite.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} root project root (holds node_modules/electron)
 * @returns {{ found: true, path: string } | { found: false, reason: string }}
 */
export function findElectronBinary(root) {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json')))
    return { found: false, reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = join(override, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(p)
      ? { found: true, path: p }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron executable (${p})` };
  }
  if (!relative)
    return {
      found: false,
      reason: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)',
    };
  const p = join(pkgDir, 'dist', relative);
  return existsSync(p) ? { found: true, path: p } : { found: false, reason: `the Electron binary is missing (${p})` };
}
