// Packages the desktop app for this machine's platform into a folder (electron-builder `--dir`)
// with electron-builder.yml, then checks what went in: the bundles and assets, no sources or
// source maps, native binaries unpacked from the asar, and only this platform's and
// architecture's ONNX Runtime. Works offline: without the Electron binary it packs around a stub
// executable (and skips the fuses, which need the real binary). Usage:
//   node scripts/package-dry-run.mjs [--keep]      (output in a temp folder, removed unless --keep)
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const keep = process.argv.includes('--keep');

if (!existsSync(join(root, 'dist/main/main.cjs')) || !existsSync(join(root, 'dist/renderer/index.html'))) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const platform = { linux: 'linux', darwin: 'mac', win32: 'win' }[process.platform];
if (!platform) {
  console.error(`error: no electron-builder target for ${process.platform}`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'splitlens-package-'));
const electronVersion = require('electron/package.json').version;
const overrides = { directories: { output: join(work, 'release') }, npmRebuild: false, electronVersion };

const electron = findElectronBinary(root);
if (!electron.found) {
  // A stand-in Electron distribution: electron-builder copies it and renames the executable.
  const stub = join(work, 'electron-dist');
  mkdirSync(join(stub, 'resources'), { recursive: true });
  const exe = { linux: 'electron', win: 'electron.exe', mac: 'Electron.app' }[platform];
  writeFileSync(join(stub, exe), '#!/bin/sh\necho "stub Electron for a packaging dry run"\n', { mode: 0o755 });
  Object.assign(overrides, { electronDist: stub, electronFuses: null });
  console.log(`Electron binary absent (${electron.reason}): packing around a stub; fuses not flipped.`);
}

const builder = require('electron-builder');
const started = Date.now();
await builder.build({ projectDir: root, config: overrides, [platform]: ['dir'], publish: 'never' });
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const out = join(work, 'release');
const appOut = readdirSync(out)
  .map((d) => join(out, d))
  .find((d) => d.endsWith('-unpacked') || d.endsWith('mac') || d.includes('mac-'));
const resources = platform === 'mac' ? join(appOut, 'splitlens.app/Contents/Resources') : join(appOut, 'resources');
const asar = require('@electron/asar');
const packed = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'));
const unpackedDir = join(resources, 'app.asar.unpacked');
const unpacked = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else unpacked.push('/' + relative(unpackedDir, p).split(sep).join('/'));
  }
})(unpackedDir);

const problems = [];
for (const need of [
  '/package.json',
  '/dist/main/main.cjs',
  '/dist/main/preload.cjs',
  '/dist/renderer/index.html',
  '/assets/imagenet_labels.json',
  '/node_modules/onnxruntime-node/package.json',
  '/node_modules/sharp/package.json',
]) {
  if (!packed.includes(need)) problems.push(`missing ${need}`);
}
for (const f of packed) {
  if (/^\/(main|src|renderer|e2e|scripts|\.notes|\.ci)\//.test(f) || /^\/dist\/.*\.map$/.test(f))
    problems.push(`should not be packed: ${f}`);
}
const ortDir = '/node_modules/onnxruntime-node/bin/napi-v6/';
const ortTargets = [
  ...new Set(
    unpacked.filter((f) => f.startsWith(ortDir)).map((f) => f.slice(ortDir.length).split('/').slice(0, 2).join('/')),
  ),
];
const wanted = `${process.platform}/${process.arch}`;
if (ortTargets.join() !== wanted)
  problems.push(`ONNX Runtime binaries for ${ortTargets.join(', ') || 'nothing'}, expected only ${wanted}`);
const nativeInUnpacked = new Set(unpacked.filter((f) => f.endsWith('.node')));
const nativePacked = packed.filter((f) => f.endsWith('.node'));
for (const f of nativePacked) if (!nativeInUnpacked.has(f)) problems.push(`native module inside the asar: ${f}`);
if (![...nativeInUnpacked].some((f) => f.includes('onnxruntime_binding.node')))
  problems.push('onnxruntime_binding.node not unpacked');
if (![...nativeInUnpacked].some((f) => f.startsWith('/node_modules/@img/')))
  problems.push("sharp's native module not unpacked");
if (!unpacked.includes('/assets/imagenet_labels.json')) problems.push('assets not unpacked');

const mb = (dir) => {
  const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout.split('\t')[0]} MB` : '?';
};
console.log(`packaged in ${seconds} s: ${appOut}`);
console.log(
  `app.asar ${mb(join(resources, 'app.asar'))}, app.asar.unpacked ${mb(unpackedDir)}, ${packed.length} entries`,
);
console.log(`ONNX Runtime binaries: ${ortTargets.join(', ')}; native modules unpacked: ${nativeInUnpacked.size}`);
if (!keep) rmSync(work, { recursive: true, force: true });
if (problems.length) {
  console.error(`packaging check FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('packaging check passed');
