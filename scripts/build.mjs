// Builds everything that runs: the CLI bundle, the inference worker, the Electron main/preload
// bundles (esbuild) and the renderer (vite). Dependencies stay external: native modules
// (onnxruntime-node, sharp) load from node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __SPLITLENS_VERSION__: JSON.stringify(pkg.version) };
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  define,
  logLevel: 'warning',
};
const only = process.argv[2];

const jobs = [];
if (!only || only === 'cli') {
  jobs.push(
    build({
      ...common,
      format: 'esm',
      entryPoints: {
        splitlens: 'src/cli/main.ts',
        'inference-worker': 'src/runtime/worker/inference-worker.ts',
        'prep-thread': 'src/runtime/worker/prep-thread-main.ts',
      },
      outdir: 'dist/cli',
      outExtension: { '.js': '.mjs' },
    }),
  );
}
if (!only || only === 'main') {
  jobs.push(
    build({
      ...common,
      format: 'cjs',
      external: ['electron'],
      entryPoints: { main: 'main/main.ts', preload: 'main/preload.ts' },
      outdir: 'dist/main',
      outExtension: { '.js': '.cjs' },
      // The core locates assets and the worker via import.meta.url, which CJS leaves empty.
      define: { ...define, 'import.meta.url': 'importMetaUrl' },
      banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    }),
  );
}
await Promise.all(jobs);

if (!only || only === 'renderer') {
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
