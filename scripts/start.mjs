// `npm start`: runs the desktop app from this checkout — builds what is out of date, then
// launches Electron on the project (package.json "main" = dist/main/main.cjs). Where the Electron
// binary is absent (it downloads from outside the npm registry) it says what to do and exits 1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const electron = findElectronBinary(root);
if (!electron.found) {
  process.stderr.write(
    `splitlens: cannot start the desktop app: ${electron.reason}. Electron downloads its binary from ` +
      "GitHub, outside the npm registry, and this project's .npmrc skips that download at install time. Where GitHub " +
      'is reachable, run `node node_modules/electron/install.js` (behind a firewall, set ELECTRON_MIRROR to a mirror you can reach, e.g. ' +
      'ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/, or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron); ' +
      '`npx electron --version` then prints its version and `npm start` works. Meanwhile the same UI runs in your ' +
      'browser: `npx splitlens serve`.\n',
  );
  process.exit(1);
}

const outputs = ['dist/main/main.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html'].map((f) => join(root, f));
const sources = ['main', 'src', 'renderer', 'assets'];

function newestSource(dir, newest = 0) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') newest = newestSource(p, newest);
    else if (!/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const built = outputs.every((f) => existsSync(f));
const stale =
  built &&
  Math.max(...sources.filter((d) => existsSync(join(root, d))).map((d) => newestSource(join(root, d)))) >
    Math.min(...outputs.map((f) => statSync(f).mtimeMs));
if (!built || stale) {
  console.log(built ? 'splitlens: sources changed, rebuilding…' : 'splitlens: building…');
  const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
