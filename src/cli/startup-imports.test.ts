/**
 * What a start loads before any of its code runs. The CLI bundle (`splitlens serve` among its
 * commands) and the inference worker start at once on the 2-core machine; the dependencies they need
 * only later (zod at the first request, onnx-proto when a model is built or read, resvg, dagre,
 * cli-progress) load on first use, not at import (~400 ms of startup together; `npm run bench`,
 * part `start`, measures the effect).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, type CliBundle } from '../hardening/testing/cli-bundle.js';

const LATER = ['zod', 'onnx-proto', 'protobufjs', '@resvg/resvg-js', '@dagrejs/dagre', 'cli-progress'];

let bundle: CliBundle;
beforeAll(async () => {
  bundle = await buildCli();
}, 120_000);
afterAll(() => bundle?.dispose());

/** The packages a bundle imports statically (they load before its first line runs). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!))].filter(
    (p) => !p.startsWith('node:'),
  );
}

/** The CommonJS packages loaded by importing a bundle (a dependency required on first use counts once used). */
function packagesLoaded(file: string): string[] {
  const script = [
    `import { createRequire } from 'node:module';`,
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    `const names = Object.keys(createRequire(${JSON.stringify(file)}).cache)`,
    `  .map((k) => k.split('node_modules/').pop().split('/'))`,
    `  .map((p) => (p[0].startsWith('@') ? p[0] + '/' + p[1] : p[0]));`,
    `process.stdout.write(JSON.stringify([...new Set(names)]));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`importing ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

describe('startup imports', () => {
  it('the CLI bundle imports only commander and sharp before it runs, and loads nothing it needs later', () => {
    expect(staticImports(bundle.entry).sort()).toEqual(['commander', 'sharp']);
    const loaded = packagesLoaded(bundle.entry);
    expect(loaded).toContain('commander'); // the check sees what loads
    expect(loaded.filter((p) => LATER.includes(p))).toEqual([]);
  });

  it('the inference worker imports only sharp before it runs, and loads no zod or onnx-proto', () => {
    const worker = join(bundle.entry, '..', 'inference-worker.mjs');
    expect(staticImports(worker)).toEqual(['sharp']);
    const loaded = packagesLoaded(worker);
    expect(loaded).toContain('sharp');
    expect(loaded.filter((p) => LATER.includes(p))).toEqual([]);
  });
});
