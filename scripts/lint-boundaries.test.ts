/**
 * The architecture's import rules (eslint.config.js) proved on real lint runs: ESLint's Node API
 * lints small sources as if they were files at given paths. An upward or sideways import inside
 * src/ fails and a downward one passes; src/common stays environment-neutral; the shell rules hold
 * (src/ without Electron/React, renderer/ without Node and with only src/common at run time, main/
 * without React); product code never imports test support. Every folder of src/ is placed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { SRC_LAYERS, TEST_ONLY_FOLDERS } from '../eslint.config.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** Messages of the import rules for `code` linted as the file `filePath`. */
async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return result!.messages
    .filter((m) => /no-restricted-(imports|globals)/.test(m.ruleId ?? '') || m.fatal)
    .map((m) => m.message);
}

const use = (spec: string, name = 'x') => `import { ${name} } from '${spec}';\nexport const y = ${name};\n`;
const useType = (spec: string, name = 'X') => `import type { ${name} } from '${spec}';\nexport type Y = ${name};\n`;

describe('layer order inside src/', () => {
  it.each([
    ['src/onnx/a.ts', '../diagram/layout.js', 'src/onnx may import only itself and common'],
    ['src/runtime/engine/a.ts', '../../api/contract.js', 'src/runtime may import only'],
    ['src/runtime/a.ts', '../diagram/index.js', 'src/runtime may import only'], // peers
    ['src/analysis/a.ts', '../zoo/index.js', 'src/analysis may import only'], // peers
    ['src/api/a.ts', '../server/server.js', 'src/api may import only'],
    ['src/server/a.ts', '../cli/main.js', 'src/server may import only'],
    ['src/weights/a.ts', '../runtime/engine/engine.js', 'src/weights may import only'],
    ['src/zoo/a.ts', '../checkpoint/index.js', 'src/zoo may import only'],
    ['src/weights/a.ts', '../checkpoint/index.js', 'src/weights may import only'],
    ['src/checkpoint/a.ts', '../runtime/engine/engine.js', 'src/checkpoint may import only'],
    ['src/stats/a.ts', '../api/contract.js', 'src/stats may import only'],
    ['src/runtime/a.ts', '../stats/block-stats.js', 'src/runtime may import only'],
    ['src/playground/a.ts', '../checkpoint/index.js', 'src/playground may import only'], // peers
    ['src/playground/a.ts', '../diagram/index.js', 'src/playground may import only'],
    ['src/zoo/a.ts', '../playground/index.js', 'src/zoo may import only'],
  ])('%s importing %s fails', async (file, spec, message) => {
    expect((await importErrors(file, use(spec))).join('\n')).toContain(message);
  });

  it.each([
    ['src/diagram/a.ts', '../zoo/index.js'],
    ['src/runtime/engine/a.ts', '../../weights/index.js'],
    ['src/runtime/engine/a.ts', '../worker/worker-protocol.js'],
    ['src/api/a.ts', '../runtime/worker/inference-service.js'],
    ['src/cli/commands/a.ts', '../../server/server.js'],
    ['src/cli/a.ts', '../bench/bench-report.js'],
    ['src/onnx/a.ts', '../common/errors.js'],
    ['src/checkpoint/a.ts', '../zoo/index.js'],
    ['src/runtime/engine/a.ts', '../../checkpoint/index.js'],
    ['src/stats/a.ts', '../runtime/worker/inference-service.js'],
    ['src/bench/a.ts', '../stats/block-stats.js'],
    ['src/playground/a.ts', '../analysis/index.js'],
    ['src/playground/a.ts', '../weights/index.js'],
    ['src/api/a.ts', '../playground/index.js'],
    ['src/cli/commands/a.ts', '../../playground/index.js'],
  ])('%s importing %s passes', async (file, spec) => {
    expect(await importErrors(file, use(spec))).toEqual([]);
  });

  it('lets tests reach up to check a layer against the ones above it', async () => {
    expect(await importErrors('src/analysis/a.test.ts', use('../runtime/engine/model-plan.js'))).toEqual([]);
  });

  it('keeps onnxruntime-node in its one adapter', async () => {
    expect((await importErrors('src/runtime/engine/other.ts', use('onnxruntime-node'))).join()).toContain(
      'only by src/runtime/engine/ort-engine.ts',
    );
    expect(await importErrors('src/runtime/engine/ort-engine.ts', use('onnxruntime-node'))).toEqual([]);
    expect((await importErrors('src/runtime/engine/ort-engine.ts', use('../../api/contract.js'))).join()).toContain(
      'src/runtime may import only',
    );
  });

  it('places every folder of src/, and names no room after a layer (the rule matches folder names)', () => {
    const layers = [...SRC_LAYERS.flat(), ...TEST_ONLY_FOLDERS];
    const src = join(ROOT, 'src');
    const folders = readdirSync(src).filter((f) => statSync(join(src, f)).isDirectory());
    expect(folders.filter((f) => !layers.includes(f))).toEqual([]);
    const rooms = folders.flatMap((f) =>
      readdirSync(join(src, f)).filter((r) => statSync(join(src, f, r)).isDirectory() && r !== 'testing'),
    );
    expect(rooms.filter((r) => layers.includes(r))).toEqual([]);
  });
});

describe('src/common is environment-neutral', () => {
  it.each([
    ['node:fs', 'readFileSync'],
    ['zod', 'z'],
    ['../api/contract.js', 'x'],
  ])('refuses an import of %s', async (spec, name) => {
    expect(await importErrors('src/common/a.ts', use(spec, name))).not.toEqual([]);
  });

  it('refuses window and process', async () => {
    expect(await importErrors('src/common/a.ts', 'export const w = window.innerWidth;\n')).not.toEqual([]);
    expect(await importErrors('src/common/a.ts', 'export const e = process.env;\n')).not.toEqual([]);
  });

  it('imports itself freely', async () => {
    expect(await importErrors('src/common/a.ts', use('./errors.js', 'oneLine'))).toEqual([]);
  });
});

describe('the shell rules', () => {
  it.each([
    ['src/api/a.ts', 'electron', 'Electron-free'],
    ['src/diagram/a.ts', 'react', 'React-free'],
    ['src/zoo/a.test.ts', 'react-dom', 'React-free'],
    ['src/cli/a.ts', '../../main/main.js', 'must not depend on the shells'],
    ['renderer/src/app/a.ts', 'node:fs', 'no Node modules'],
    ['renderer/src/app/a.ts', 'fs', 'no Node modules'],
    ['renderer/src/app/a.ts', '../../../src/runtime/engine/engine.js', 'only src/common'],
    ['renderer/src/app/a.ts', '../../../src/diagram/index.js', 'only src/common'],
    ['main/a.ts', 'react', 'no UI code'],
    ['main/a.ts', 'onnxruntime-node', 'only wires Electron'],
  ])('%s importing %s fails', async (file, spec, message) => {
    expect((await importErrors(file, use(spec))).join('\n')).toContain(message);
  });

  it('lets the renderer use src/common at run time and the Api contract as types only', async () => {
    expect(await importErrors('renderer/src/app/a.ts', use('../../../src/common/colour-scale', 'fitScale'))).toEqual(
      [],
    );
    expect(await importErrors('renderer/src/app/a.ts', useType('../../../src/api/contract', 'Api'))).toEqual([]);
    expect((await importErrors('renderer/src/app/a.ts', use('../../../src/api/contract', 'Api'))).join()).toContain(
      'types only',
    );
  });
});

describe('test support', () => {
  it.each([
    ['src/analysis/a.ts', '../testing/fixtures.js'],
    ['src/diagram/a.ts', './testing/fixture-models.js'],
    ['src/runtime/readout/a.ts', '../../testing/tiny-fixtures.js'],
    ['src/common/a.ts', './testing/x.js'],
    ['src/cli/a.ts', '../hardening/testing/prober.js'],
    ['main/a.ts', '../src/testing/fixtures.js'],
    ['renderer/src/lib/a.ts', '../../../src/testing/expected-analysis'],
  ])('product file %s importing %s fails', async (file, spec) => {
    expect(await importErrors(file, use(spec))).not.toEqual([]);
  });

  it.each([
    ['src/analysis/a.test.ts', '../testing/fixtures.js'],
    ['src/diagram/testing/b.ts', '../../testing/fixtures.js'],
    ['main/a.test.ts', '../src/testing/fixtures.js'],
  ])('%s (a test or test support) may import %s', async (file, spec) => {
    expect(await importErrors(file, use(spec))).toEqual([]);
  });

  it('src/hardening holds only tests and their testing/ support', () => {
    const dir = join(ROOT, 'src/hardening');
    expect(readdirSync(dir).filter((f) => f !== 'testing' && !f.endsWith('.test.ts'))).toEqual([]);
  });
});
